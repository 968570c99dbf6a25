namespace Sluice.Cli;

/// <summary>What <c>sluice</c> exits with; scripts can rely on these (README, "The sluice CLI").</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Anything unexpected (the message says what).</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments, bad input lines, or missing configuration: nothing was sent or added.</summary>
    public const int Usage = 2;

    /// <summary>401 or 403: the key is wrong, revoked, lacks the scope, or the tenant is suspended. The outbox keeps the events.</summary>
    public const int Refused = 3;

    /// <summary>Some events were refused for good (400, 413, 422): they are in rejected.ndjson with the reason; the rest were sent.</summary>
    public const int Rejected = 4;

    /// <summary>The deadline passed while Sluice was busy or unreachable: the events wait in the outbox for the next run.</summary>
    public const int GaveUp = 5;

    /// <summary>Another sluice process holds the outbox.</summary>
    public const int OutboxBusy = 6;
}
