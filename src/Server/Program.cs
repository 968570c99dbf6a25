using Microsoft.Extensions.Options;
using Sluice.Server;
using Sluice.Server.Local;

var builder = WebApplication.CreateBuilder(args);
await using var local = await LocalDevelopment.PrepareAsync(builder);
try
{
    ServerApp.Configure(builder);
    var app = builder.Build();
    ServerApp.Map(app);
    await (local is null ? app.RunAsync() : local.RunAsync(app));
    return 0;
}
catch (OptionsValidationException refused)
{
    // A setting the Server refuses (a placeholder token, a limit out of range): say which and why, without a stack.
    Console.Error.WriteLine($"sluice: the configuration was refused:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", refused.Failures)}");
    return 1;
}
