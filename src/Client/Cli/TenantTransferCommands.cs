using System.Net.Http.Headers;

namespace Sluice.Cli;

/// <summary>
/// <c>sluice admin export</c> and <c>sluice admin import</c>: a tenant as NDJSON to a file or stdout, and back into
/// this deployment or another, with progress on stderr. The server checks an import whole before it writes anything;
/// an export without its trailer line was cut short and is reported as such.
/// </summary>
public static class TenantTransferCommands
{
    private const string MediaType = "application/x-ndjson";

    public static async Task<int> ExportAsync(Uri url, string adminToken, string tenantId, string? output, CancellationToken cancellationToken)
    {
        using var http = Http(url, adminToken);
        using var response = await http.GetAsync($"api/admin/tenants/{Uri.EscapeDataString(tenantId)}/export", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ThrowIfRefusedAsync(response, cancellationToken);
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var target = output is null ? Console.OpenStandardOutput() : File.Create(output);
        var (lines, bytes, last) = (0L, 0L, (byte)0);
        var buffer = new byte[81920];
        var drawn = Environment.TickCount64;
        for (int read; (read = await source.ReadAsync(buffer, cancellationToken)) > 0;)
        {
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            bytes += read;
            last = buffer[read - 1];
            if (Environment.TickCount64 - drawn > 200)
            {
                Console.Error.Write($"\rexported {lines:N0} lines ({bytes / 1048576.0:F1} MiB)   ");
                drawn = Environment.TickCount64;
            }
        }

        Console.Error.WriteLine($"\rexported {lines:N0} lines ({bytes / 1048576.0:F1} MiB)   ");
        if (last != (byte)'\n' || lines < 2)
        {
            throw new SluiceTransferException("The export was cut short (no trailer line); run it again.");
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> ImportAsync(Uri url, string adminToken, string? input, CancellationToken cancellationToken)
    {
        using var http = Http(url, adminToken);
        await using var source = input is null ? Console.OpenStandardInput() : File.OpenRead(input);
        var length = input is null ? (long?)null : new FileInfo(input).Length;
        var content = new StreamContent(new ProgressStream(source, length));
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        using var response = await http.PostAsync("api/admin/tenants/import", content, cancellationToken);
        Console.Error.WriteLine();
        await ThrowIfRefusedAsync(response, cancellationToken);
        Console.WriteLine(await response.Content.ReadAsStringAsync(cancellationToken));
        return ExitCodes.Ok;
    }

    private static HttpClient Http(Uri url, string adminToken)
    {
        // An export or an import lasts as long as the tenant is large: no client timeout; Ctrl+C cancels.
        var http = new HttpClient { BaseAddress = new Uri(url.ToString().TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        return http;
    }

    private static async Task ThrowIfRefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var problem = await Client.SluiceProblem.ReadAsync(response, cancellationToken);
        throw new SluiceTransferException($"HTTP {problem.Status}: {problem.Detail ?? problem.Title}");
    }

    /// <summary>Reports how much of the upload has been read, on stderr, at most five times a second.</summary>
    private sealed class ProgressStream(Stream inner, long? length) : Stream
    {
        private long _read;
        private long _drawn;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            _read += read;
            if (Environment.TickCount64 - _drawn > 200 || read == 0)
            {
                _drawn = Environment.TickCount64;
                Console.Error.Write(length is { } total ? $"\rsent {_read / 1048576.0:F1} of {total / 1048576.0:F1} MiB   " : $"\rsent {_read / 1048576.0:F1} MiB   ");
            }

            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>An export or import the server refused, or that was cut short: exit <see cref="ExitCodes.Failed"/>.</summary>
public sealed class SluiceTransferException(string message) : Exception(message);
