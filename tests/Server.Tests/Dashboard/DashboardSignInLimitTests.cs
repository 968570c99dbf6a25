namespace Sluice.Server.Tests.Dashboard;

/// <summary>The dashboard's sign-in counts wrong tokens against the address as the admin API does.</summary>
public class DashboardSignInLimitTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task Wrong_tokens_at_sign_in_past_the_limit_get_429_and_then_the_right_token_waits_too()
    {
        await using var host = await StartHostAsync(new Dictionary<string, string?>
        {
            ["Sluice:Auth:FailedAttemptsBurst"] = "5",
            ["Sluice:Auth:FailedAttemptsPerMinute"] = "1",
        });
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Address };
        Task<HttpResponseMessage> SignInAsync(string token) =>
            browser.PostAsync("/admin/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }), Ct);

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await SignInAsync($"wrong-{i}-0123456789abcdefghijkl");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var limited = await SignInAsync("wrong-5-0123456789abcdefghijkl"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
            Assert.Contains("Too many wrong tokens", await limited.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using var right = await SignInAsync(SluiceHost.AdminToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }
}
