using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Admin;
using Sluice.Billing;
using Sluice.Http;
using Sluice.Problems;
using Sluice.Tenants;

namespace Sluice.Functions.Tests;

/// <summary>Stripe reconciliation, src/Functions' own orchestration, on the Durable Task engine, started through the admin function.</summary>
public class StripeReconciliationOrchestrationTests(AzuriteFixture storage)
{
    private const int Tenants = 5;
    private const int PageSize = 2;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_fans_out_over_every_page_retries_a_failed_activity_reports_and_refuses_a_second_start_with_409()
    {
        await using var stripe = await StripeStub.StartAsync();
        var settings = BillingCalls.Settings(stripe);
        settings["Sluice:Stripe:ReconciliationPageSize"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Sluice:Admin:Tokens:tester"] = SluiceHost.AdminToken;
        settings["Sluice:Orchestrations:ActivityAttempts"] = "3";
        settings["Sluice:Orchestrations:FirstRetryDelay"] = "00:00:00.100";
        await using var hub = await TaskHubHarness.StartAsync(storage, settings, Ct);
        var administration = hub.Services.GetRequiredService<TenantAdministration>();
        var now = DateTimeOffset.UtcNow;
        var tenants = new List<string>();
        for (var i = 0; i < Tenants; i++)
        {
            var tenant = await administration.CreateTenantAsync("tester", $"orchestrated-{i}", Plan.Free, null, Ct);
            tenants.Add(tenant.Id);
            stripe.CompleteCheckout(tenant.Id, $"cus_orch{i}", $"sub_orch{i}", BillingCalls.TeamPrice, now);
        }

        stripe.SetSubscription("cus_orch3", "sub_orch3", "past_due", BillingCalls.TeamPrice, now.AddMinutes(1));
        hub.Activities.Fail(nameof(StripeReconciliationFunctions.CheckTenants), calls: 1);
        hub.Activities.Hold(nameof(StripeReconciliationFunctions.FinishReconciliation));
        var billing = hub.Function<BillingFunctions>();

        var (started, body) = await AnswerAsync(hub, request => billing.StartReconciliation(request, hub.Client));
        Assert.Equal(StatusCodes.Status202Accepted, started);
        var runId = body.GetProperty("id").GetString()!;
        await hub.WaitForAsync(StripeReconciliationFunctions.InstanceId, () => hub.Activities.CallsOf(nameof(StripeReconciliationFunctions.FinishReconciliation)).Count == 1, "the run to reach its last step");

        var (second, problem) = await AnswerAsync(hub, request => billing.StartReconciliation(request, hub.Client));
        Assert.Equal(StatusCodes.Status409Conflict, second);
        Assert.Equal(ProblemTypes.ReconciliationRunning.Uri, problem.GetProperty("type").GetString());

        hub.Activities.Release(nameof(StripeReconciliationFunctions.FinishReconciliation));
        var run = await hub.Client.WaitForInstanceCompletionAsync(StripeReconciliationFunctions.InstanceId, getInputsAndOutputs: false, Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(Tenants / PageSize + 1, hub.Activities.CallsOf(nameof(StripeReconciliationFunctions.ListLinkedTenants)).Count);
        Assert.Equal(Tenants / PageSize + 2, hub.Activities.CallsOf(nameof(StripeReconciliationFunctions.CheckTenants)).Count);

        var report = await hub.Services.GetRequiredService<ReconciliationReports>().GetAsync(runId, Ct);
        Assert.NotNull(report);
        Assert.Equal("admin", report.Trigger);
        Assert.Equal(Tenants, report.TenantsChecked);
        Assert.Equal(0, report.ErrorCount);
        Assert.True(report.EventsReplayed > 0, "the checkouts' events were not replayed");
        var plans = new List<(Plan, string?)>();
        foreach (var id in tenants)
        {
            var tenant = await administration.GetTenantAsync(id, Ct);
            plans.Add((tenant.Plan, tenant.Billing?.SubscriptionStatus));
        }

        Assert.Equal([(Plan.Team, "active"), (Plan.Team, "active"), (Plan.Team, "active"), (Plan.Team, "past_due"), (Plan.Team, "active")], plans);
    }

    /// <summary>Runs an admin function as the Functions host would (its problem middleware included) and reads the answer.</summary>
    private static async Task<(int Status, JsonElement Body)> AnswerAsync(TaskHubHarness hub, Func<HttpRequest, Task<IActionResult>> function)
    {
        var context = new DefaultHttpContext { RequestServices = hub.Services };
        context.Request.Method = HttpMethods.Post;
        context.Request.Headers.Authorization = $"Bearer {SluiceHost.AdminToken}";
        context.Response.Body = new MemoryStream();
        try
        {
            await (await function(context.Request)).ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        }
        catch (Exception e)
        {
            Assert.True(await UnhandledExceptions.TryWriteAsync(context, e, NullLogger.Instance), e.ToString());
        }

        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body, cancellationToken: Ct));
    }
}
