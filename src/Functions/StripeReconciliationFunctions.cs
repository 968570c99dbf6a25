using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Sluice.Billing;
using Sluice.Storage;

namespace Sluice.Functions;

/// <summary>
/// Stripe reconciliation as a Durable orchestration over the Domain's steps: replay missed events, then fan out one
/// activity per page of linked tenants, then finish (report, checkpoint). Every minute a timer starts it under a
/// fixed instance id when <see cref="StripeOptions.ReconciliationInterval"/> has passed since the last run began and
/// none is running; the admin API starts it the same way. Each activity retries as configured.
/// </summary>
public sealed class StripeReconciliationFunctions(StripeReconciliation reconciliation, IOptionsMonitor<StripeOptions> options, TimeProvider clock)
{
    public const string InstanceId = "sluice-stripe-reconciliation";

    [Function(nameof(StartStripeReconciliation))]
    public async Task StartStripeReconciliation([TimerTrigger("0 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var stripe = options.CurrentValue;
        var last = await client.GetInstanceAsync(InstanceId, cancellationToken);
        if (stripe.Enabled && (last is null || clock.GetUtcNow() - last.CreatedAt >= stripe.ReconciliationInterval))
        {
            await new ReconciliationOrchestrationStarter(client, "schedule").TryStartAsync(ReconciliationReports.NewRunId(clock.GetUtcNow()), cancellationToken);
        }
    }

    [Function(nameof(StripeReconciliationOrchestration))]
    public static async Task StripeReconciliationOrchestration([OrchestrationTrigger] TaskOrchestrationContext context, ReconciliationRun run)
    {
        var retry = (await context.CallActivityAsync<OrchestrationSettings>(nameof(OrchestrationSettingsFunctions.ReadOrchestrationSettings))).ActivityRetry();
        var replay = await context.CallActivityAsync<EventReplay>(nameof(ReplayStripeEvents), options: retry);
        var checks = new List<Task<DriftCheck>>();
        string? continuation = null;
        do
        {
            var page = await context.CallActivityAsync<Listing<CustomerLink>>(nameof(ListLinkedTenants), continuation, retry);
            checks.Add(context.CallActivityAsync<DriftCheck>(nameof(CheckTenants), new TenantPage(run.Id, page.Items), retry));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        await context.CallActivityAsync<ReconciliationReport>(nameof(FinishReconciliation), new Finish(run, replay, await Task.WhenAll(checks)), retry);
    }

    [Function(nameof(ReplayStripeEvents))]
    public Task<EventReplay> ReplayStripeEvents([ActivityTrigger] object? input, CancellationToken cancellationToken) =>
        reconciliation.ReplayEventsAsync(cancellationToken);

    [Function(nameof(ListLinkedTenants))]
    public Task<Listing<CustomerLink>> ListLinkedTenants([ActivityTrigger] string? continuation, CancellationToken cancellationToken) =>
        reconciliation.ListLinkedTenantsAsync(continuation, cancellationToken);

    [Function(nameof(CheckTenants))]
    public Task<DriftCheck> CheckTenants([ActivityTrigger] TenantPage page, CancellationToken cancellationToken) =>
        reconciliation.CheckTenantsAsync(page.RunId, page.Links, cancellationToken);

    [Function(nameof(FinishReconciliation))]
    public Task<ReconciliationReport> FinishReconciliation([ActivityTrigger] Finish finish, CancellationToken cancellationToken) =>
        reconciliation.FinishAsync(finish.Run.Id, finish.Run.Trigger, finish.Replay, finish.Checks, cancellationToken);

    public sealed record ReconciliationRun(string Id, string Trigger);

    public sealed record TenantPage(string RunId, IReadOnlyList<CustomerLink> Links);

    public sealed record Finish(ReconciliationRun Run, EventReplay Replay, IReadOnlyList<DriftCheck> Checks);
}

/// <summary>The admin API's and the timer's way to start the reconciliation orchestration.</summary>
internal sealed class ReconciliationOrchestrationStarter(DurableTaskClient client, string trigger) : IReconciliationStarter
{
    public Task<bool> TryStartAsync(string runId, CancellationToken cancellationToken) =>
        SingletonOrchestration.TryStartAsync(client, nameof(StripeReconciliationFunctions.StripeReconciliationOrchestration), StripeReconciliationFunctions.InstanceId,
            new StripeReconciliationFunctions.ReconciliationRun(runId, trigger), cancellationToken);
}
