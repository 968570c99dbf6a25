namespace Sluice.Bench.Harness;

/// <summary>Where the machine's CPU went during a load, in percent of one core each (the machine has <see cref="Environment.ProcessorCount"/>).</summary>
public sealed record CpuShares(double Server, double Azurite, double LoadGenerator);

/// <summary>Reads the CPU the processes of a benchmark used between its construction and <see cref="Read"/>.</summary>
public sealed class CpuMeters
{
    private readonly CpuMeter _server;
    private readonly CpuMeter _azurite;
    private readonly CpuMeter _self = new(() => Environment.ProcessId);

    public CpuMeters(int server, int azurite)
    {
        _server = new CpuMeter(() => server);
        _azurite = new CpuMeter(() => azurite);
        Read();
    }

    public CpuShares Read() => new(_server.Read(), _azurite.Read(), _self.Read());
}
