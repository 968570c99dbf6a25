using Azure.Data.Tables;
using Sluice.Admin;
using Sluice.Keys;
using Sluice.Storage;
using Sluice.Tenants;

namespace Sluice.Domain.Tests;

public class SecretStorageTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_clear_key_is_in_no_stored_entity_only_its_hash_is()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix());
        var admin = domain.Get<TenantAdministration>();
        var tenant = await admin.CreateTenantAsync("tester", "acme", Plan.Pro, null, ct);
        var issued = await admin.IssueKeyAsync("tester", tenant.Id, "ci", ApiKeyScope.Ingest, ct);
        var rotated = await admin.RotateKeyAsync("tester", tenant.Id, issued.Key.Id, TimeSpan.Zero, ct);

        // Every raw entity of the table, the key entity and the audit trail alike, property by property.
        var raw = new List<string>();
        await foreach (var entity in domain.Get<SluiceTables>().Tenants.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            raw.AddRange(entity.Select(p => $"{p.Key}={p.Value}"));
        }

        var everything = string.Join("\n", raw);
        Assert.Contains(tenant.Id, everything);
        foreach (var key in new[] { issued.ApiKey, rotated.ApiKey })
        {
            Assert.True(ApiKey.TryParse(key, out var parsed));
            var secret = key.Split('_')[3];
            Assert.DoesNotContain(secret, everything);
            Assert.DoesNotContain(key, everything);
            Assert.Contains(parsed.Hash(), everything);
        }
    }
}
