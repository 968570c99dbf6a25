namespace Sluice.Server.Tests;

/// <summary>
/// What the Server's own Kestrel is set to do: let header bytes outside ASCII through to Sluice's checks, and send no
/// Server header. Only the Server: in Azure Functions the host's own Kestrel reads the request first, which the app
/// cannot configure (docs/functions.md).
/// </summary>
public class HeaderEncodingTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task A_key_header_with_bytes_outside_ASCII_is_401_malformed_key_not_a_bare_400()
    {
        // HttpClient refuses to send such a header, so this goes over a socket.
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(Host.Address.Host, Host.Address.Port, Ct);
        var stream = socket.GetStream();
        await stream.WriteAsync("GET /api/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer sluice_"u8.ToArray(), Ct);
        await stream.WriteAsync(new byte[] { 0xE9, 0xFF, 0x80, 0x0D, 0x0A, 0x0D, 0x0A }, Ct);
        var answer = await new StreamReader(stream, System.Text.Encoding.Latin1).ReadToEndAsync(Ct);

        Assert.StartsWith("HTTP/1.1 401", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
        Assert.Contains(ProblemTypes.MalformedKey.Uri, answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Server_does_not_name_its_stack()
    {
        using var response = await Host.Client.GetAsync("/health/live", Ct);
        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(", ", response.Headers.Server)}");
    }
}
