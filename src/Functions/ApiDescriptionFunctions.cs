namespace Sluice.Functions;

/// <summary>
/// <c>GET /openapi/v1.json</c>: the OpenAPI document the Server generates from its routes, as committed in
/// docs/openapi.json and embedded at build. The Functions worker has no endpoint routing to generate it from; a test
/// checks that the document describes exactly the routes and verbs of these functions.
/// </summary>
public sealed class ApiDescriptionFunctions
{
    public const string DocumentRoute = "openapi/v1.json";

    private static readonly byte[] Document = ReadDocument();

    [Function("OpenApiDocument")]
    public IActionResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DocumentRoute)] HttpRequest request) =>
        new ResultAction(Results.Bytes(Document, "application/json"));

    private static byte[] ReadDocument()
    {
        using var stream = typeof(ApiDescriptionFunctions).Assembly.GetManifestResourceStream("openapi.json")
            ?? throw new InvalidOperationException("docs/openapi.json was not embedded in the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
