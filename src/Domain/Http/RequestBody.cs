namespace Sluice.Http;

/// <summary>Reads a request body into memory, never past a limit, whatever Content-Length claims.</summary>
public static class RequestBody
{
    /// <returns>The body, or null as soon as it is known to exceed <paramref name="maxBytes"/>.</returns>
    public static async Task<MemoryStream?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                await buffer.DisposeAsync();
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer;
    }
}
