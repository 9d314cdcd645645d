using System.Diagnostics;
using System.Text;
using Ash.Core.Sessions;
using Ash.Core.Tracing;
using Ash.Sandbox.ModelProxy;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Ash.Server.Tests.Tracing;

/// <summary>
/// Traces on through the standard variable (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, issue 14), the real CLI in its sandbox
/// against the fake model, and an in-memory exporter beside the OTLP one: one message is one trace from its POST
/// through the turn and the model proxy to the upstream; the session's creation is one trace with its lifecycle steps
/// and its sandbox's start; every Ash span names the session, agent and tenant, and none holds a body or a key.
/// </summary>
public sealed class TracingTests
{
    private const string Message = "a message no span may hold 5c1e";

    [Fact]
    public async Task AMessage_IsOneTrace_FromItsPostThroughTheTurnAndTheModelProxyToTheUpstream()
    {
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        await using var collector = await OtlpReceiver.StartAsync();
        var exported = new ExportedSpans();
        await using var server = await TestServer.StartAsync(
            model.BaseUrl, PlatformFixture.RealModelKey, extra: Otlp(collector), services: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        var agent = await Api.DeployAgentAsync(server.Http);
        var created = CallerTrace.New();
        var sent = CallerTrace.New();
        Guid session;
        List<SseFrame> frames;
        using (created.Begin())
        {
            session = await Api.CreateSessionAsync(server.Http, agent);
        }

        using (sent.Begin())
        {
            frames = await Api.SendAsync(server.Http, session, Message);
        }

        Assert.Equal("done", frames[^1].Event);
        var trace = await exported.TraceAsync(
            sent.TraceId,
            spans => spans.Any(span => span.IsRequest("POST", "/api/sessions/{id}/messages"))
                     && spans.Any(span => span.DisplayName == SessionTracing.Turn)
                     && spans.Any(span => span.Source.Name == Spans.HttpClient && span.ParentIn(spans)?.DisplayName == ModelProxyTracing.Request),
            "the message's request, its turn, a model request and its upstream call");
        var post = Assert.Single(trace, span => span.IsRequest("POST", "/api/sessions/{id}/messages"));
        var turn = Assert.Single(trace, span => span.DisplayName == SessionTracing.Turn);
        var modelRequests = trace.Where(span => span.DisplayName == ModelProxyTracing.Request).ToList();
        var upstream = trace.First(span => span.Source.Name == Spans.HttpClient && span.ParentIn(trace)?.DisplayName == ModelProxyTracing.Request);

        // The caller's span → the POST → the turn (queued, run by the actor) → each model request → its upstream call.
        sent.AssertCalled(post, trace);
        Assert.Equal(post.SpanId, turn.ParentSpanId);
        Assert.NotEmpty(modelRequests);
        Assert.All(modelRequests, request => Assert.Equal(turn.SpanId, request.ParentSpanId));
        Assert.Contains(modelRequests, request => request.Tag("http.response.status_code") == "200" && request.Tag(ModelProxyTracing.OutputTokens) is not null);
        Assert.Equal(ActivityKind.Client, upstream.Kind);
        Assert.StartsWith(model.BaseUrl.ToString().TrimEnd('/'), upstream.Tag("url.full"), StringComparison.Ordinal);

        foreach (var span in modelRequests.Append(turn))
        {
            Assert.Equal((session.ToString(), agent, "default"), (span.Tag(TraceAttributes.SessionId), span.Tag(TraceAttributes.AgentName), span.Tag(TraceAttributes.TenantId)));
        }

        Assert.Equal((session.ToString(), "default"), (post.Tag(TraceAttributes.SessionId), post.Tag(TraceAttributes.TenantId)));
        Assert.Equal("1", turn.Tag(SessionTracing.TurnNumber));

        // Creating the session: the request, the create, each lifecycle step, and the sandbox's start below its step.
        var creation = await exported.TraceAsync(
            created.TraceId,
            spans => spans.Any(span => span.DisplayName == SessionTracing.SandboxStart) && spans.Any(span => span.DisplayName == "lifecycle create/mark-active"),
            "the create, its steps and the sandbox start");
        var create = Assert.Single(creation, span => span.DisplayName == SessionTracing.Create);
        var createRequest = Assert.Single(creation, span => span.IsRequest("POST", "/api/sessions"));
        created.AssertCalled(createRequest, creation);
        Assert.Equal(createRequest.SpanId, create.ParentSpanId);
        var steps = creation.Where(span => span.Source.Name == Ash.Core.Sessions.Lifecycle.LifecycleTracing.SourceName).ToList();
        Assert.Equal(["lifecycle create/prepare-sandbox", "lifecycle create/start-process", "lifecycle create/mark-active"], steps.OrderBy(span => span.StartTimeUtc).Select(span => span.DisplayName));
        Assert.All(steps, step => Assert.Equal(create.SpanId, step.ParentSpanId));
        var sandboxStart = Assert.Single(creation, span => span.DisplayName == SessionTracing.SandboxStart);
        Assert.Equal("lifecycle create/start-process", sandboxStart.ParentIn(creation)?.DisplayName);
        foreach (var span in steps.Append(create).Append(sandboxStart))
        {
            Assert.Equal((session.ToString(), agent, "default"), (span.Tag(TraceAttributes.SessionId), span.Tag(TraceAttributes.AgentName), span.Tag(TraceAttributes.TenantId)));
        }

        // Nothing a span holds is a message, a key or the sandbox's token.
        var values = trace.Concat(creation).SelectMany(span => span.TagObjects).Select(tag => tag.Value?.ToString() ?? string.Empty).ToList();
        Assert.DoesNotContain(values, value => value.Contains(Message, StringComparison.Ordinal));
        Assert.DoesNotContain(values, value => value.Contains(PlatformFixture.RealModelKey, StringComparison.Ordinal));
        Assert.DoesNotContain(values, value => value.Contains(TestServer.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(values, value => value.Contains("sbx_", StringComparison.Ordinal));

        // The same spans went out over OTLP to the configured endpoint.
        Assert.True(server.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000));
        Assert.Contains(collector.Exports, export => export.ContentType == "application/x-protobuf");
        Assert.True(collector.Received(sent.TraceIdBytes()), "the message's trace did not reach the OTLP endpoint");
        Assert.True(collector.Received(Encoding.UTF8.GetBytes(session.ToString())), "the session id did not reach the OTLP endpoint");
    }

    [Fact]
    public async Task WithNoExporterConfigured_NoTracerRuns_AndNothingIsExported()
    {
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        var exported = new ExportedSpans();
        await using var server = await TestServer.StartAsync(
            model.BaseUrl, PlatformFixture.RealModelKey, services: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));

        var session = await Api.CreateSessionAsync(server.Http, await Api.DeployAgentAsync(server.Http));
        var frames = await Api.SendAsync(server.Http, session, "hello");

        Assert.Equal("done", frames[^1].Event);
        Assert.Null(server.Services.GetService<TracerProvider>());
        Assert.Empty(exported.Snapshot());
    }

    /// <summary>Traces on, exported over OTLP/HTTP to <paramref name="collector"/>: the variables an operator sets.</summary>
    internal static Dictionary<string, string?> Otlp(OtlpReceiver collector) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    };
}
