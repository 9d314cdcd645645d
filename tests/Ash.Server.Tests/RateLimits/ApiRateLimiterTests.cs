using System.Globalization;
using System.Net;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.RateLimits;

/// <summary>
/// The API's rate limits (issue 14) on a real server with small limits (<see cref="RateLimitedFixture"/>): each
/// test floods keys of tenants of its own, so no test spends another's permits.
/// </summary>
public sealed class ApiRateLimiterTests(RateLimitedFixture platform) : IClassFixture<RateLimitedFixture>
{
    [Fact]
    public async Task Writes_OverTheKeysBurst_Answer429WithRetryAfterInTheErrorShape()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);

        var (passed, refusal) = await RateLimitCalls.WriteUntilRefusedAsync(http, 50);

        Assert.Equal(RateLimitedFixture.KeyWriteBurst, passed);
        var seconds = int.Parse(refusal.RetryAfter!, NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, (int)RateLimitedFixture.WritePeriod.TotalSeconds);
        Assert.NotNull(refusal.Error);
        Assert.Equal(new[] { "error", "statusCode", "code" }, refusal.Error.Select(p => p.Key));
        Assert.Equal(429, refusal.Error["statusCode"]!.GetValue<int>());
        Assert.Equal("rate_limited", refusal.Error["code"]!.GetValue<string>());
        Assert.Contains("this API key", refusal.Error["error"]!.GetValue<string>(), StringComparison.Ordinal);

        // Refused requests spend nothing, and nothing comes back either: the key stays refused.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RateLimitCalls.WriteAsync(http, 1)).Status);
    }

    [Fact]
    public async Task FloodedKey_LeavesAnotherTenantsKeyAndItsOwnTenantsOtherKeyUnaffected()
    {
        var (tenantId, flooder, _) = await platform.NewTenantAsync();
        var sibling = await platform.NewKeyAsync(tenantId);
        var (_, stranger, _) = await platform.NewTenantAsync();
        using var flooding = platform.Server.CreateClient(flooder);
        using var sameTenant = platform.Server.CreateClient(sibling);
        using var otherTenant = platform.Server.CreateClient(stranger);

        await RateLimitCalls.WriteUntilRefusedAsync(flooding, 50);

        // The flood spent its own key's burst, which is less than its tenant's: the sibling key still has the rest.
        for (var n = 0; n < RateLimitedFixture.TenantWriteBurst - RateLimitedFixture.KeyWriteBurst; n++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await RateLimitCalls.WriteAsync(sameTenant, n)).Status);
        }

        for (var n = 0; n < RateLimitedFixture.KeyWriteBurst; n++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await RateLimitCalls.WriteAsync(otherTenant, n)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await RateLimitCalls.WriteAsync(flooding, 0)).Status);
    }

    [Fact]
    public async Task TenantBucket_CapsAllItsKeysTogether()
    {
        var (tenantId, first, _) = await platform.NewTenantAsync();
        var second = await platform.NewKeyAsync(tenantId);
        var (_, stranger, _) = await platform.NewTenantAsync();
        using var firstKey = platform.Server.CreateClient(first);
        using var secondKey = platform.Server.CreateClient(second);
        using var otherTenant = platform.Server.CreateClient(stranger);

        for (var n = 0; n < RateLimitedFixture.KeyWriteBurst; n++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await RateLimitCalls.WriteAsync(firstKey, n)).Status);
        }

        // Each key is within its own burst, but together they reach the tenant's.
        var (passed, refusal) = await RateLimitCalls.WriteUntilRefusedAsync(secondKey, 50);

        Assert.Equal(RateLimitedFixture.TenantWriteBurst - RateLimitedFixture.KeyWriteBurst, passed);
        Assert.Equal("rate_limited", refusal.Error!["code"]!.GetValue<string>());
        Assert.Contains("this tenant", refusal.Error["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(refusal.RetryAfter);
        Assert.Equal(HttpStatusCode.NotFound, (await RateLimitCalls.WriteAsync(otherTenant, 0)).Status);
    }

    [Fact]
    public async Task Reads_WhileTheKeysWritesAreRefused_StillPass()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);

        await RateLimitCalls.WriteUntilRefusedAsync(http, 50);

        for (var n = 0; n < RateLimitedFixture.KeyReadBurst / 2; n++)
        {
            Assert.Equal(HttpStatusCode.OK, (await RateLimitCalls.ReadAsync(http)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await RateLimitCalls.WriteAsync(http, 0)).Status);
    }

    [Fact]
    public async Task Health_WithTheFloodedKeysOrNone_IsNeverLimited()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);
        using var anonymous = platform.Server.CreateClient(null);
        await RateLimitCalls.WriteUntilRefusedAsync(http, 50);
        await ReadUntilRefusedAsync(http);

        for (var n = 0; n < 5 * RateLimitedFixture.KeyReadBurst; n++)
        {
            Assert.Equal(HttpStatusCode.OK, (await RateLimitCalls.SendAsync(n % 2 == 0 ? http : anonymous, HttpMethod.Get, "/health", null)).Status);
        }
    }

    [Fact]
    public async Task RequestsWithoutAValidKey_AreRefused401_AndSpendNoRealKeysPermits()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        using var real = platform.Server.CreateClient(key);
        using var anonymous = platform.Server.CreateClient(null);
        using var wrongKey = platform.Server.CreateClient(key[..^4] + "0000");

        for (var n = 0; n < 3 * RateLimitedFixture.TenantWriteBurst; n++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await RateLimitCalls.WriteAsync(n % 2 == 0 ? anonymous : wrongKey, n)).Status);
        }

        var (passed, _) = await RateLimitCalls.WriteUntilRefusedAsync(real, 50);

        Assert.Equal(RateLimitedFixture.KeyWriteBurst, passed);
    }

    [Fact]
    public async Task Reads_OnceTheBucketRefills_PassAgain()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);

        var refusal = await ReadUntilRefusedAsync(http);
        Assert.Equal("1", refusal.RetryAfter);

        // Waits for the refill the way a client would, with no bound on how fast it comes beyond the test's timeout.
        await Eventually.TrueAsync(async () => (await RateLimitCalls.ReadAsync(http)).Status != HttpStatusCode.TooManyRequests, "a read to pass once the bucket refilled");
    }

    /// <summary>Reads until one is refused. Reads refill every 200 ms, so a slow machine may take more than the burst.</summary>
    private static async Task<RateLimitCalls.Answer> ReadUntilRefusedAsync(HttpClient http)
    {
        for (var n = 0; n < 1000; n++)
        {
            var answer = await RateLimitCalls.ReadAsync(http);
            if (answer.Status == HttpStatusCode.TooManyRequests)
            {
                return answer;
            }

            Assert.Equal(HttpStatusCode.OK, answer.Status);
        }

        Assert.Fail("1000 reads and none was refused");
        return null!;
    }
}
