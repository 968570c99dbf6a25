using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice;
using Sluice.Functions;
using Sluice.Health;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemMiddleware>();
builder.Services.AddSluiceFunctions(builder.Configuration);
builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults()
    .UseAzureMonitorExporter(exporter => exporter.Credential = AzureMonitorCredential.FromAuthenticationString(builder.Configuration[AzureMonitorCredential.Setting]))
    .WithSluiceMetrics(_ => { });
builder.Build().Run();
