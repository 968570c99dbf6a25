using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Context.Features;

namespace Sluice.Functions.Tests.Hosting;

/// <summary>
/// The <see cref="FunctionContext"/> the worker's middleware sees for an HTTP invocation: its services, and the
/// request's <see cref="HttpContext"/> under the key the ASP.NET Core integration uses (what
/// <c>GetHttpContext()</c> reads). What Sluice's middleware never reads is not there.
/// </summary>
internal sealed class HttpInvocationContext(string functionName, HttpContext http, IServiceProvider services) : FunctionContext
{
    /// <summary>FunctionsHttpProxyingMiddleware's key (Constants.HttpContextKey in Worker.Extensions.Http.AspNetCore).</summary>
    private const string HttpContextKey = "HttpRequestContext";

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => functionName;

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object> { [HttpContextKey] = http };

    public override IInvocationFeatures Features => throw new NotSupportedException();

    public override CancellationToken CancellationToken => http.RequestAborted;
}
