using Sluice.Keys;
using Sluice.Tenants;

namespace Sluice.Domain.Tests;

public class ApiKeyTests
{
    private readonly string _tenantId = TenantIds.New();

    [Fact]
    public void A_created_key_parses_back_to_its_tenant_and_key_id()
    {
        var key = ApiKey.Create(_tenantId);

        Assert.True(ApiKey.TryParse(key.Value, out var parsed));
        Assert.Equal(_tenantId, parsed.TenantId);
        Assert.Equal(key.KeyId, parsed.KeyId);
        Assert.StartsWith($"sluice_{_tenantId}_{key.KeyId}_", key.Value);
    }

    [Fact]
    public void Two_keys_for_one_tenant_differ_in_id_and_secret()
    {
        var a = ApiKey.Create(_tenantId);
        var b = ApiKey.Create(_tenantId);

        Assert.NotEqual(a.KeyId, b.KeyId);
        Assert.NotEqual(a.Value.Split('_')[3], b.Value.Split('_')[3]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sluice_")]
    [InlineData("Bearer sluice_x")]
    [InlineData("sk_live_0123456789")]
    [InlineData("sluice_t0000000000000_k0000000000_tooshort")]
    [InlineData("sluice_tBADCASE000000_k0000000000_0000000000000000000000000000000000000000000000000000")]
    [InlineData("sluice_t0000000000000_x0000000000_0000000000000000000000000000000000000000000000000000")]
    [InlineData("sluice_t0000000000000_k0000000000_000000000000000000000000000000000000000000000000000u")]
    [InlineData("sluice_t0000000000000_k0000000000_0000000000000000000000000000000000000000000000000000_extra")]
    public void Malformed_keys_do_not_parse(string presented)
    {
        Assert.False(ApiKey.TryParse(presented, out _));
    }

    [Fact]
    public void A_key_matches_its_own_hash_and_no_other()
    {
        var key = ApiKey.Create(_tenantId);
        var other = ApiKey.Create(_tenantId);

        Assert.True(key.Matches(key.Hash()));
        Assert.False(key.Matches(other.Hash()));
        Assert.False(key.Matches("not base64!"));
        Assert.False(key.Matches(Convert.ToBase64String(new byte[16])));
    }

    [Fact]
    public void The_hash_and_the_printed_form_do_not_reveal_the_secret()
    {
        var key = ApiKey.Create(_tenantId);
        var secret = key.Value.Split('_')[3];

        Assert.DoesNotContain(secret, key.Hash());
        Assert.DoesNotContain(secret, key.ToString());
        Assert.DoesNotContain(secret, $"{key}");
    }
}
