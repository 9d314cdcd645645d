using System.Globalization;
using System.Net;
using Ash.Testing.Server;

namespace Ash.Server.Tests.RateLimits;

/// <summary>
/// Split on Dapr, the <c>api</c> app serves the tenant API, so it applies the same limits. No sidecar runs here:
/// the app's API answers 503 <c>starting</c> while it waits for one, and the limiter, which runs before that
/// gate, still counts and refuses each request.
/// </summary>
public sealed class ApiRoleRateLimitTests
{
    private const int Burst = 3;

    [Fact]
    public async Task ApiApp_OnDapr_RefusesAKeyOverItsLimit()
    {
        await using var server = await TestServer.StartAsync(null, null, extra: new Dictionary<string, string?>
        {
            ["Ash:Dapr:Enabled"] = "true",
            ["Ash:Roles"] = "api",
            ["Ash:Dapr:SidecarHttpPort"] = ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Ash:Dapr:AppPort"] = ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Ash:Dapr:AppApiToken"] = "api-role-app-token-0123456789",
            ["Ash:RateLimits:Key:Writes:PermitsPerPeriod"] = "1",
            ["Ash:RateLimits:Key:Writes:Burst"] = Burst.ToString(CultureInfo.InvariantCulture),
            ["Ash:RateLimits:Key:Writes:Period"] = "01:00:00",
        });

        var answers = new List<RateLimitCalls.Answer>();
        for (var n = 0; n <= Burst; n++)
        {
            answers.Add(await RateLimitCalls.WriteAsync(server.Http, n));
        }

        Assert.All(answers[..Burst], answer => Assert.NotEqual(HttpStatusCode.TooManyRequests, answer.Status));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[Burst].Status);
        Assert.Equal("rate_limited", answers[Burst].Error!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await RateLimitCalls.SendAsync(server.Http, HttpMethod.Get, "/health", null)).Status);
    }
}
