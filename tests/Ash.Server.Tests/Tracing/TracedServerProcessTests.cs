using System.Text;
using System.Text.Json;
using Ash.Testing.Common;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Tracing;

/// <summary>
/// The server as an operator runs it, its own OS process configured by environment variables only (issue 14): the
/// OTEL_* variables turn traces on and send them over OTLP under <c>OTEL_SERVICE_NAME</c>, and with
/// <c>--log-format json</c> the log lines of a request, and of the work it started in the background, carry the
/// request's trace id (here the caller's, from its <c>traceparent</c>).
/// </summary>
public sealed class TracedServerProcessTests
{
    private const string ServiceName = "ash-traced-process-test";

    [Fact]
    public async Task OtelVariables_ExportItsSpans_AndItsJsonLogLinesCarryTheirTraceIds()
    {
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        await using var collector = await OtlpReceiver.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = ServiceName,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["Logging:LogLevel:Default"] = "Information",
        };
        await using var server = await ServerProcess.StartAsync(
            TestServer.NewDataDirectory(), await TestDatabase.NewAsync(), ServerProcess.FreePort(), model.BaseUrl, PlatformFixture.RealModelKey, environment, ["--log-format", "json"]);
        using var http = server.CreateClient();
        var agent = await Api.DeployAgentAsync(http);
        var created = CallerTrace.New();
        var sent = CallerTrace.New();
        Guid session;
        List<SseFrame> frames;
        using (created.Begin())
        {
            session = await Api.CreateSessionAsync(http, agent);
        }

        using (sent.Begin())
        {
            frames = await Api.SendAsync(http, session, "hello");
        }

        Assert.Equal("done", frames[^1].Event);
        await Eventually.TrueAsync(() => collector.Received(sent.TraceIdBytes()) && collector.Received(created.TraceIdBytes()), "the traces to reach the OTLP endpoint", TimeSpan.FromSeconds(60));

        Assert.True(collector.Received(Encoding.UTF8.GetBytes(ServiceName)), "the spans were not exported under OTEL_SERVICE_NAME");
        Assert.True(collector.Received(Encoding.UTF8.GetBytes(session.ToString())), "no exported span named the session");

        // The send's request line is written once its stream has ended, which may be after the client read the last frame.
        await JsonLog.WaitForAsync(server, $"\"SessionId\":\"{session}\"");
        var lines = JsonLog.Lines(await JsonLog.WaitForAsync(server, "\"Route\":\"/api/sessions/{id}/messages\""));
        var createLine = Assert.Single(lines, line => RequestLine(line, "POST", "/api/sessions"));
        var sendLine = Assert.Single(lines, line => RequestLine(line, "POST", "/api/sessions/{id}/messages"));
        var sandboxStarted = Assert.Single(lines, line => JsonLog.EventId(line) == 1001 && JsonLog.State(line, "SessionId") == session.ToString());

        Assert.Equal(created.TraceId.ToHexString(), JsonLog.TraceIdOf(createLine));
        Assert.Equal(sent.TraceId.ToHexString(), JsonLog.TraceIdOf(sendLine));

        // Started in the background by the create's lifecycle step, after its request answered: still the create's trace.
        Assert.Equal(created.TraceId.ToHexString(), JsonLog.TraceIdOf(sandboxStarted));
    }

    private static bool RequestLine(JsonElement line, string method, string route) =>
        JsonLog.EventId(line) == JsonLog.RequestEventId && JsonLog.State(line, "Method") == method && JsonLog.State(line, "Route") == route;
}
