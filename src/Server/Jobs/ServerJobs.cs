using Microsoft.Extensions.Options;
using Sluice.Billing;

namespace Sluice.Server.Jobs;

/// <summary>The Server's scheduled jobs (the Functions host runs the same Domain steps as Durable orchestrations).</summary>
public static class ServerJobs
{
    public const string Reconciliation = "stripe-reconciliation";
    public const string SessionReaper = "session-reaper";
    public const string EventRetention = "event-retention";

    public static IServiceCollection AddServerJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => new ScheduledJob(SessionReaper, sp.GetRequiredService<IOptions<Sluice.Sessions.SessionOptions>>().Value.ReaperInterval,
            (_, cancellationToken) => sp.GetRequiredService<Sluice.Sessions.SessionReaper>().ReapAsync(cancellationToken)));
        services.AddSingleton(sp => new ScheduledJob(EventRetention, sp.GetRequiredService<IOptions<Sluice.Events.RetentionOptions>>().Value.Interval,
            (_, cancellationToken) => sp.GetRequiredService<Sluice.Events.EventRetention>().RunAsync(cancellationToken)));
        if (configuration.GetSection(StripeOptions.Section).Get<StripeOptions>()?.Enabled == true)
        {
            services.AddSingleton(sp => new ScheduledJob(Reconciliation, sp.GetRequiredService<IOptions<StripeOptions>>().Value.ReconciliationInterval,
                (runId, cancellationToken) => sp.GetRequiredService<StripeReconciliation>().RunAsync(
                    runId ?? ReconciliationReports.NewRunId(sp.GetRequiredService<TimeProvider>().GetUtcNow()), runId is null ? "schedule" : "admin", cancellationToken)));
        }

        services.AddSingleton<JobLeases>();
        services.AddSingleton<Sluice.Storage.IProvisioned>(sp => sp.GetRequiredService<JobLeases>());
        services.AddSingleton<ScheduledJobs>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledJobs>());
        services.AddSingleton<IReconciliationStarter, ReconciliationStarter>();
        return services;
    }

    private sealed class ReconciliationStarter(ScheduledJobs jobs) : IReconciliationStarter
    {
        public Task<bool> TryStartAsync(string runId, CancellationToken cancellationToken) => jobs.TryStartAsync(Reconciliation, runId, cancellationToken);
    }
}
