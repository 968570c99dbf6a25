using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Functions.Tests.Hosting;

/// <summary>
/// src/Functions' HTTP triggers served as the Functions host serves them, found by their attributes (<see cref="All"/>, which
/// <c>RouteTableTests</c> compares with the Server's routes): each
/// <c>[Function]</c> with an <c>[HttpTrigger]</c> answers its verbs on its route (host.json's route prefix is empty),
/// its class built per invocation from the invocation's services, its parameters bound by name from the route, and
/// the worker's middleware around it (<see cref="ProblemMiddleware"/>, as Program registers it); the
/// <see cref="IActionResult"/> it returns is then executed as the ASP.NET Core integration executes it
/// (FunctionsHttpProxyingMiddleware: after the middleware, unless the request was aborted).
/// </summary>
public static class HttpTriggerEndpoints
{
    public static IEnumerable<(MethodInfo Method, string Name, HttpTriggerAttribute Trigger)> All() =>
        typeof(FunctionsServices).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Name: method.GetCustomAttribute<FunctionAttribute>()?.Name,
                Trigger: method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(t => t is not null)))
            .Where(f => f.Name is not null && f.Trigger is not null)
            .Select(f => (f.Method, f.Name!, f.Trigger!));

    public static void Map(WebApplication app)
    {
        foreach (var (method, name, trigger) in All())
        {
            app.MapMethods("/" + trigger.Route, trigger.Methods!.Select(m => m.ToUpperInvariant()), http => InvokeAsync(http, name, method))
                .WithDisplayName(name);
        }
    }

    private static async Task InvokeAsync(HttpContext http, string name, MethodInfo method)
    {
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var invocation = new HttpInvocationContext(name, http, scope.ServiceProvider);
        IActionResult? result = null;
        var middleware = new ProblemMiddleware(scope.ServiceProvider.GetRequiredService<ILogger<ProblemMiddleware>>());
        await middleware.Invoke(invocation, async _ => result = await CallAsync(method, http, scope.ServiceProvider));
        if (result is not null && !http.RequestAborted.IsCancellationRequested)
        {
            await result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
        }
    }

    private static async Task<IActionResult> CallAsync(MethodInfo method, HttpContext http, IServiceProvider services)
    {
        var function = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => Argument(p, http, services)).ToArray();
        return method.Invoke(function, arguments) switch
        {
            Task<IActionResult> pending => await pending,
            IActionResult done => done,
            var other => throw new InvalidOperationException($"{method.Name} returned {other?.GetType().Name}, not an IActionResult."),
        };
    }

    private static object? Argument(ParameterInfo parameter, HttpContext http, IServiceProvider services) => parameter switch
    {
        _ when parameter.ParameterType == typeof(HttpRequest) => http.Request,
        _ when parameter.ParameterType == typeof(DurableTaskClient) => services.GetRequiredService<DurableTaskClient>(),
        _ when parameter.ParameterType == typeof(string) => http.Request.RouteValues[parameter.Name!]?.ToString(),
        _ => throw new NotSupportedException($"The harness cannot bind {parameter.Name} ({parameter.ParameterType.Name}) of {parameter.Member.Name}."),
    };
}
