using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sluice.Bench.Fuzz;

/// <summary>Sends bytes HttpClient would refuse to send (it validates header values) and reads the answer to the end (Connection: close).</summary>
public static class RawHttp
{
    public static async Task<(int Status, string ContentType, string Body)> SendAsync(Uri server, byte[] request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.Port);
        await socket.SendAsync(request);
        using var stream = new NetworkStream(socket);
        using var buffer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await stream.CopyToAsync(buffer, timeout.Token);
        var text = Encoding.Latin1.GetString(buffer.ToArray());
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = headEnd < 0 ? text : text[..headEnd];
        var lines = head.Split("\r\n");
        var status = lines[0].Split(' ') is [_, var code, ..] && int.TryParse(code, out var parsed) ? parsed : 0;
        var contentType = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?[13..].Trim() ?? "";
        var body = headEnd < 0 ? "" : text[(headEnd + 4)..];
        var chunked = lines.Any(l => l.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && l.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        return (status, contentType, chunked ? Dechunk(body) : body);
    }

    /// <summary>The body of a chunked answer: each chunk is its size in hex, CR LF, the bytes, CR LF; size 0 ends it.</summary>
    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (at < chunked.Length)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (lineEnd < 0 || !int.TryParse(chunked.AsSpan(at, lineEnd - at), System.Globalization.NumberStyles.HexNumber, null, out var size) || size == 0)
            {
                break;
            }

            body.Append(chunked, lineEnd + 2, Math.Min(size, chunked.Length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }

        return body.ToString();
    }
}
