using System.Collections.Concurrent;
using Sluice.Storage;

namespace Sluice.Server.Jobs;

/// <summary>
/// The Server's stand-in for Durable orchestrations: each instance polls its jobs; a job whose last run (recorded on
/// its lease blob) is an interval old runs on whichever instance takes its blob lease, which it renews while running.
/// If that instance dies the lease lapses and the next due check elsewhere takes over. A job first runs one interval
/// after the first instance starts.
/// </summary>
public sealed partial class ScheduledJobs(IEnumerable<ScheduledJob> jobs, JobLeases leases, TimeProvider clock, ILogger<ScheduledJobs> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(15);
    private readonly ScheduledJob[] _jobs = jobs.ToArray();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _requested = new();

    /// <summary>Runs the job now, in the background, unless another run holds its lease (an admin's "run now").</summary>
    public async Task<bool> TryStartAsync(string name, string runId, CancellationToken cancellationToken)
    {
        var job = _jobs.Single(j => j.Name == name);
        var lease = await leases.TryAcquireAsync(name, cancellationToken);
        if (lease is null)
        {
            return false;
        }

        var run = Task.Run(async () =>
        {
            await using (lease)
            {
                await RunHeldAsync(job, lease, runId, _stopping.Token);
            }
        }, CancellationToken.None);
        _requested[run] = true;
        _ = run.ContinueWith(done => _requested.TryRemove(done, out _), TaskScheduler.Default);
        return true;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(_requested.Keys).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_jobs.Length == 0)
        {
            return;
        }

        var poll = TimeSpan.FromTicks(Math.Min(MaxPoll.Ticks, _jobs.Min(j => j.Interval.Ticks)));
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var job in _jobs)
            {
                try
                {
                    await RunIfDueAsync(job, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, job.Name, e.Message);
                }
            }

            try
            {
                await Task.Delay(poll, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunIfDueAsync(ScheduledJob job, CancellationToken stoppingToken)
    {
        if (!await IsDueAsync(job, stoppingToken))
        {
            return;
        }

        await using var lease = await leases.TryAcquireAsync(job.Name, stoppingToken);
        // Another instance may have run it between the check and the lease.
        if (lease is not null && await IsDueAsync(job, stoppingToken))
        {
            await RunHeldAsync(job, lease, runId: null, stoppingToken);
        }
    }

    private async Task<bool> IsDueAsync(ScheduledJob job, CancellationToken cancellationToken)
    {
        if (await leases.LastRunAsync(job.Name, cancellationToken) is { } last)
        {
            return clock.GetUtcNow() - last >= job.Interval;
        }

        await leases.InitializeAsync(job.Name, clock.GetUtcNow(), cancellationToken);
        return false;
    }

    /// <summary>Runs while renewing the lease; losing the lease cancels the run (another instance may take over).</summary>
    private async Task RunHeldAsync(ScheduledJob job, JobLeases.HeldLease lease, string? runId, CancellationToken stoppingToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewUntilDoneAsync(job, lease, run);
        try
        {
            await job.RunAsync(runId, run.Token);
            await lease.RecordRunAsync(clock.GetUtcNow(), stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, job.Name, e.Message);
        }
        finally
        {
            await run.CancelAsync();
            await renewing;
        }
    }

    private async Task RenewUntilDoneAsync(ScheduledJob job, JobLeases.HeldLease lease, CancellationTokenSource run)
    {
        try
        {
            while (true)
            {
                await Task.Delay(JobLeases.Duration / 3, clock, run.Token);
                await lease.RenewAsync(run.Token);
            }
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogLeaseLost(logger, job.Name, e.Message);
            await run.CancelAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled job {Job} failed; it runs again when next due: {Reason}")]
    private static partial void LogFailed(ILogger logger, string job, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled job {Job} lost its lease and stopped: {Reason}")]
    private static partial void LogLeaseLost(ILogger logger, string job, string reason);
}
