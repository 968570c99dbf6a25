using Sluice.Admin;
using Sluice.Auth;

namespace Sluice.Domain.Tests.Admin;

public class TokenRulesTests
{
    [Theory]
    [InlineData("short-but-random-9f3", "shorter than 24")]
    [InlineData("replace-with-at-least-24-random-characters", "placeholder")]
    [InlineData("CHANGEME-CHANGEME-CHANGEME", "placeholder")]
    [InlineData("<your-admin-token-goes-here-please>", "placeholder")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "entropy")]
    [InlineData("abababababababababababababababab", "entropy")]
    [InlineData("1212121212121233121212121212", "entropy")]
    public void Guessable_tokens_are_refused_with_the_reason(string token, string reason) =>
        Assert.Contains(reason, TokenRules.Unfit(token));

    [Theory]
    [InlineData("Zm9vYmFyYmF6cXV4cXV1eA12")]
    [InlineData("kP3x9QvL2mZ8rT4wY7bN1cH6jF5dS0aG")]
    [InlineData("0f9e8d7c6b5a4938271605f4e3d2c1b0")]
    public void Random_tokens_pass(string token) => Assert.Null(TokenRules.Unfit(token));

    [Fact]
    public void The_example_settings_placeholder_is_refused_at_start_up_naming_the_setting()
    {
        var example = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Sluice.Server.Local.RepositoryRoot.Find(), "local.settings.json.example")));
        var placeholder = example.RootElement.GetProperty("Values").GetProperty("Sluice:Admin:Tokens:local").GetString()!;
        var result = new TokenRules<AdminOptions>("Sluice:Admin:Tokens", o => o.Tokens).Validate(null, new AdminOptions { Tokens = { ["local"] = placeholder, ["ok"] = "kP3x9QvL2mZ8rT4wY7bN1cH6jF5dS0aG" } });

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Sluice:Admin:Tokens:local looks like a placeholder", failure, StringComparison.Ordinal);
        Assert.Contains("openssl rand", failure, StringComparison.Ordinal);
    }
}
