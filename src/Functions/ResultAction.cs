using Microsoft.AspNetCore.Mvc;

namespace Sluice.Functions;

/// <summary>
/// The Functions host's ASP.NET Core integration executes an <see cref="IActionResult"/> that a function returns, not
/// an <see cref="IResult"/>; this carries the handlers' results across unchanged, so both hosts answer byte for byte
/// the same.
/// </summary>
public sealed class ResultAction(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}

public static class ResultActions
{
    public static async Task<IActionResult> AsAction(this Task<IResult> result) => new ResultAction(await result);
}
