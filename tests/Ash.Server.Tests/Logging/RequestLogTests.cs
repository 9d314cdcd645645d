using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Logging;

/// <summary>
/// <c>--log-format json</c> (issue 14): one JSON object per line; one line per request with its method, route
/// template, status, duration and tenant, and the trace id in its scopes; a client's error is one warning line
/// with no stack trace; no key and no message body in the log.
/// </summary>
public sealed partial class RequestLogTests
{
    private const string Secret = "a message body the log must never hold 7f3a";

    [Fact]
    public async Task JsonFormat_OneLinePerRequest_WithRouteTemplateStatusTenantAndTraceId()
    {
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        var settings = new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Information" };
        await using var server = await ServerProcess.StartAsync(
            TestServer.NewDataDirectory(), await TestDatabase.NewAsync(), ServerProcess.FreePort(), model.BaseUrl, PlatformFixture.RealModelKey, settings, ["--log-format", "json"]);
        using var http = server.CreateClient();
        using var anonymous = new HttpClient { BaseAddress = server.BaseUrl };
        var missing = Guid.NewGuid();

        var session = await Api.CreateSessionAsync(http, await Api.DeployAgentAsync(http));

        // A caller that traces: with traces off the server still continues its trace id (ASP.NET Core reads traceparent).
        var caller = CallerTrace.New();
        using (caller.Begin())
        {
            await Api.SendAsync(http, session, Secret);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/sessions/{missing}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/sessions", new StringContent("{\"agent\": oops", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/agents")).StatusCode);

        var log = await JsonLog.WaitForAsync(server, "answered 401");
        var entries = JsonLog.Lines(log);
        var requests = entries.Where(e => JsonLog.EventId(e) == JsonLog.RequestEventId).ToList();

        var sent = Single(requests, "POST", "/api/sessions/{id}/messages");
        Assert.Equal(("Information", 200, "default"), (Level(sent), Status(sent), Tenant(sent)));
        Assert.Equal(caller.TraceId.ToHexString(), JsonLog.TraceIdOf(sent));
        Assert.All(requests, request => Assert.Matches(TraceId(), JsonLog.TraceIdOf(request)));
        Assert.True(sent.GetProperty("State").GetProperty("DurationMs").GetDouble() > 0);

        var notFound = Single(requests, "GET", "/api/sessions/{id}");
        Assert.Equal(("Warning", 404), (Level(notFound), Status(notFound)));

        var badJson = requests.Where(e => Method(e) == "POST" && Route(e) == "/api/sessions" && Status(e) == 400).ToList();
        Assert.Equal("Warning", Level(Assert.Single(badJson)));
        Assert.Equal(("Warning", 401, "-"), (Level(Single(requests, "GET", "/api/agents")), Status(Single(requests, "GET", "/api/agents")), Tenant(Single(requests, "GET", "/api/agents"))));

        // The malformed body is that one warning line: no other warning or error, and no stack frame anywhere.
        Assert.DoesNotContain(entries, e => Level(e) is "Error" or "Critical");
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, log, StringComparison.Ordinal);
        Assert.DoesNotContain(TestServer.ApiKey, log, StringComparison.Ordinal);
        Assert.DoesNotContain(PlatformFixture.RealModelKey, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownLogFormat_IsRefusedAtStart()
    {
        var server = ServerOsProcess.Start(
            ["--port", ServerProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", TestServer.NewDataDirectory(), "--log-format", "xml"],
            new Dictionary<string, string?>());
        await using (server)
        {
            await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(2, server.ExitCode);
            Assert.Contains("--log-format", server.Output(), StringComparison.Ordinal);
        }
    }

    private static JsonElement Single(List<JsonElement> requests, string method, string route) =>
        Assert.Single(requests, e => Method(e) == method && Route(e) == route);

    private static string Method(JsonElement entry) => entry.GetProperty("State").GetProperty("Method").GetString()!;

    private static string Route(JsonElement entry) => entry.GetProperty("State").GetProperty("Route").GetString()!;

    private static int Status(JsonElement entry) => entry.GetProperty("State").GetProperty("Status").GetInt32();

    private static string Tenant(JsonElement entry) => entry.GetProperty("State").GetProperty("Tenant").GetString()!;

    private static string Level(JsonElement entry) => entry.GetProperty("LogLevel").GetString()!;

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();
}
