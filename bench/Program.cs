using Sluice.Bench.Attack;
using Sluice.Bench.Burst;
using Sluice.Bench.Chaos;
using Sluice.Bench.Fuzz;
using Sluice.Bench.Ingestion;
using Sluice.Bench.Soak;

// One program, one command per suite (bench/run, bench/chaos, bench/soak, bench/fuzz, bench/burst, bench/attack); "reference bare|naive PORT
// [STORAGE]" is how the ingestion benchmark starts its own child servers.
if (args is ["reference", var mode, var port, ..])
{
    await ReferenceServer.RunAsync(mode, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), args.ElementAtOrDefault(3));
    return 0;
}

var suite = args.FirstOrDefault() ?? "ingestion";
var options = args.Skip(1).Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
return suite switch
{
    "ingestion" => await IngestionBenchmark.RunAsync(options),
    "chaos" => await ChaosSuite.RunAsync(options),
    "soak" => await SoakSuite.RunAsync(options),
    "fuzz" => await FuzzSuite.RunAsync(options),
    "burst" => await BurstSuite.RunAsync(options),
    "attack" => await AttackSuite.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Sluice.Bench ingestion|chaos|soak|fuzz|burst|attack [--option value ...]");
    return 2;
}
