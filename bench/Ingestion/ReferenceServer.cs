using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sluice.Bench.Ingestion;

/// <summary>
/// The two references, each run in a child process like the Server: <c>bare</c> reads the body and answers 202
/// with no storage at all (the ceiling of Kestrel plus this load generator on this machine); <c>naive</c> does one
/// queue send per request and nothing else (the design Sluice must beat).
/// </summary>
public static class ReferenceServer
{
    public static async Task RunAsync(string mode, int port, string? storage)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        QueueClient? queue = null;
        if (mode == "naive")
        {
            queue = new QueueClient(storage, "naive", new QueueClientOptions(QueueClientOptions.ServiceVersion.V2025_11_05) { MessageEncoding = QueueMessageEncoding.None });
            await queue.CreateIfNotExistsAsync();
        }

        app.MapPost("/events", async (HttpRequest request) =>
        {
            var body = await BinaryData.FromStreamAsync(request.Body);
            if (queue is not null)
            {
                await queue.SendMessageAsync(body);
            }

            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        app.MapGet("/ready", () => Results.Ok());
        await app.RunAsync();
    }
}
