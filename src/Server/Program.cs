using Sluice.Server;
using Sluice.Server.Local;

var builder = WebApplication.CreateBuilder(args);
await using var local = await LocalDevelopment.PrepareAsync(builder);
ServerApp.Configure(builder);
var app = builder.Build();
ServerApp.Map(app);
await (local is null ? app.RunAsync() : local.RunAsync(app));
