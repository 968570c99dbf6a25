[assembly: AssemblyFixture(typeof(Sluice.Testing.AzuriteFixture))]
