[assembly: AssemblyFixture(typeof(Sluice.Testing.AzuriteFixture))]

// Every SluiceHost in this assembly serves src/Functions' functions, so the Server's request suites compiled here run
// against the production host.
[assembly: Sluice.Testing.SluiceHostShape(typeof(Sluice.Functions.Tests.Hosting.FunctionsHostShape))]
