using System.Text.Json;
using Sluice.Problems;
using Xunit;

namespace Sluice.Testing;

/// <summary>Checks that a response honours the error contract: RFC 9457 problem+json of the expected type, no internals.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsAsync(ProblemType expected, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected.Status == (int)response.StatusCode, $"expected {expected.Status} {expected.Slug}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);

        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(expected.Uri, problem.GetProperty("type").GetString());
        Assert.Equal(expected.Title, problem.GetProperty("title").GetString());
        Assert.Equal(expected.Status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(response.RequestMessage!.RequestUri!.AbsolutePath, problem.GetProperty("instance").GetString());
        if (expected.Status == 401)
        {
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }

        return problem;
    }
}
