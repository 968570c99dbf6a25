using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Admin;
using Sluice.Auth;
using Sluice.Billing;
using Sluice.Dashboard;
using Sluice.Events;
using Sluice.Health;
using Sluice.Ingestion;
using Sluice.Limits;
using Sluice.Mcp;
using Sluice.Sessions;
using Sluice.Tenants;
using Sluice.Tenants.Transfer;
using Sluice.Usage;

namespace Sluice;

/// <summary>Registers everything Sluice decides with, identically for both hosts.</summary>
public static class SluiceDomain
{
    /// <summary>Everything that is one instance per process, grouped by room.</summary>
    private static readonly Type[] Singletons =
    [
        typeof(StorageInitializer),
        typeof(TenantCache), typeof(FailedCredentials), typeof(KeyValidator), typeof(MeApi),
        typeof(AdminAuthenticator), typeof(TenantAdministration), typeof(AdminApi),
        typeof(TenantTables), typeof(TenantExport), typeof(TenantImport), typeof(TenantTransferApi),
        typeof(BudgetLedger), typeof(TenantLimiter),
        typeof(EventBatcher), typeof(RecentEventIds), typeof(IngestApi),
        typeof(ClaimChecks),
        typeof(MessageRetries),
        typeof(EventLogWriter), typeof(EventConflicts), typeof(ConflictsApi), typeof(LastGoodReads), typeof(EventLogReader), typeof(EventBatchProcessor), typeof(EventsApi),
        typeof(DeadLetterStore), typeof(DeadLettersApi), typeof(EventRetention),
        typeof(UsageCounter), typeof(UsageReport), typeof(UsageApi),
        typeof(SessionStore), typeof(SessionReaper), typeof(SessionMetrics),
        typeof(BillingLedger), typeof(CustomerLinks), typeof(BillingRules), typeof(SubscriptionSync), typeof(StripeEventHandler),
        typeof(BillingProcessor), typeof(StripeWebhookApi), typeof(ReconciliationReports), typeof(StripeReconciliation), typeof(BillingAdminApi),
        typeof(SluiceMetrics), typeof(HealthEndpoints),
        typeof(DashboardSession), typeof(DashboardEndpoint),
    ];

    public static IServiceCollection AddSluiceDomain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PlansOptions>().Bind(configuration.GetSection(PlansOptions.Section))
            .Validate(o => new[] { o.Free, o.Pro, o.Team }.All(p => p.EventsPerMinute > 0 && p.EventsPerMonth > 0 && p.RetentionDays is > 0 and <= EventRetention.MaxDays),
                $"Every plan needs positive limits and a retention of 1 to {EventRetention.MaxDays} days.")
            .ValidateOnStart();
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProcessingOptions>().Bind(configuration.GetSection(ProcessingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>>(new TokenRules<AdminOptions>($"{AdminOptions.Section}:Tokens", o => o.Tokens));

        // ASP.NET Core's per-request lines carry the whole URL, query string included: a key or token put there by
        // mistake would be written to the log in full. Sluice reads no credential from a query string, and its own
        // logs name the path only; this category stays at Warning whatever the configuration says.
        services.Configure<LoggerFilterOptions>(filters => filters.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));

        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSluiceStorage();
        services.AddSingleton<IProvisioned>(sp => sp.GetRequiredService<SluiceTables>());
        services.AddSingleton<IProvisioned>(sp => sp.GetRequiredService<ClaimChecks>());
        services.AddStripeApi();
        services.AddSluiceMcp();
        services.AddSingleton<ITenantStore, TableTenantStore>();
        foreach (var type in Singletons)
        {
            services.AddSingleton(type);
        }

        // Hosted services resolve the same singletons that handlers use.
        services.AddHostedService(sp => sp.GetRequiredService<StorageInitializer>());
        services.AddHostedService(sp => sp.GetRequiredService<EventBatcher>());
        services.AddHostedService<LeaseSettler>();
        HealthEndpoints.AddChecks(services);
        return services;
    }
}
