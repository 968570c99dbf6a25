using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Events;
using Sluice.Server.Local;

namespace Sluice.Functions.Tests;

/// <summary>What lands in the events dead-letter queue is recorded once, and a store outage does not make it spin.</summary>
public class DeadLetterRecordingTests(AzuriteFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dead_letter_delivered_twice_is_recorded_once_and_completed_each_time()
    {
        await using var services = await FunctionsServiceProvider.StartAsync(FunctionsServiceProvider.Configuration(storage), _ => { }, Ct);
        var broker = new RecordingSettler();
        var letter = DeadLettered("batch-7", deliveryCount: 1);
        var again = DeadLettered("batch-7", deliveryCount: 2);

        await services.GetRequiredService<DeadLetterRecording>().RecordAsync(letter, broker, Ct);
        await services.GetRequiredService<DeadLetterRecording>().RecordAsync(again, broker, Ct);

        var recorded = Assert.Single(await services.GetRequiredService<DeadLetterStore>().ListAsync(10, Ct));
        Assert.Equal(("batch-7", "MaxDeliveryCountExceeded: failed 10 times"), (recorded.MessageId, recorded.Reason));
        Assert.Equal([("batch-7", "complete"), ("batch-7", "complete")], broker.Settlements);
    }

    [Fact]
    public async Task With_the_store_down_the_message_is_left_locked_not_abandoned()
    {
        var down = FunctionsServiceProvider.Configuration(storage, new Dictionary<string, string?>
        {
            ["Sluice:Storage:ConnectionString"] = AzuriteProcess.ConnectionStringFor(1, 1, 1),
        });
        await using (var services = await FunctionsServiceProvider.StartAsync(down, _ => { }, Ct, provision: false))
        {
            var broker = new RecordingSettler();

            await services.GetRequiredService<DeadLetterRecording>().RecordAsync(DeadLettered("batch-8", deliveryCount: 1), broker, Ct);

            Assert.Empty(broker.Settlements);
        }
    }

    private static ServiceBusReceivedMessage DeadLettered(string id, int deliveryCount) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString("{\"events\":[]}"),
            messageId: id,
            properties: new Dictionary<string, object> { ["DeadLetterReason"] = "MaxDeliveryCountExceeded", ["DeadLetterErrorDescription"] = "failed 10 times" },
            lockTokenGuid: Guid.NewGuid(),
            deliveryCount: deliveryCount,
            enqueuedTime: new DateTimeOffset(2026, 12, 2, 11, 0, 0, TimeSpan.Zero));
}
