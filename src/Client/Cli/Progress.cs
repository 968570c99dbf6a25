namespace Sluice.Cli;

/// <summary>A progress line on stderr for sends of more than one batch, redrawn at most five times a second.</summary>
public sealed class Progress(TextWriter output)
{
    private long _lastDrawn;
    private bool _drawn;

    public void Report(int confirmed, int total)
    {
        var now = Environment.TickCount64;
        if (total <= Client.EventBatches.MaxEvents || (now - _lastDrawn < 200 && confirmed < total))
        {
            return;
        }

        _lastDrawn = now;
        _drawn = true;
        output.Write($"\rsent {confirmed:N0} of {total:N0} events ({100.0 * confirmed / total:F0}%)   ");
    }

    public void Retrying(Client.SluiceRetry retry)
    {
        _drawn = true;
        output.Write($"\r{(retry.Status == 0 ? "no answer" : $"HTTP {retry.Status}")}; retrying in {retry.Delay.TotalSeconds:F1} s{(retry.ServerSaidWhen ? " (as told)" : "")}   ");
    }

    /// <summary>Ends the line, once: a later call writes nothing.</summary>
    public void End()
    {
        if (_drawn)
        {
            output.WriteLine();
            _drawn = false;
        }
    }
}
