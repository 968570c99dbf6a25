using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Server.Tests;

/// <summary>A credential put in a query string by mistake is refused as missing and never written to the log.</summary>
public class QueryStringLoggingTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task Keys_and_tokens_in_query_strings_reach_no_log_line_even_with_every_category_at_trace()
    {
        var logs = new CapturedLogs();
        await using var host = await StartHostAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace" },
            s => s.AddSingleton<ILoggerProvider>(logs));
        var (_, key) = await host.TenantWithKeyAsync("ingest", "read");
        var secret = key[^12..];

        using (var me = await host.Client.GetAsync($"/api/me?api_key={key}", Ct))
        {
            await ProblemAssert.IsAsync(ProblemTypes.MissingKey, me);
        }

        using (var send = await host.Client.PostAsJsonAsync($"/api/events?key={key}", new { type = "x" }, Ct))
        {
            await ProblemAssert.IsAsync(ProblemTypes.MissingKey, send);
        }

        using (var admin = await host.Client.GetAsync($"/api/admin/tenants?token={SluiceHost.AdminToken}", Ct))
        {
            await ProblemAssert.IsAsync(ProblemTypes.MissingAdminToken, admin);
        }

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Message.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Message.Contains(SluiceHost.AdminToken, StringComparison.Ordinal));
    }
}
