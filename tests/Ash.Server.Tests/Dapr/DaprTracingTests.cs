using System.Diagnostics;
using System.Globalization;
using System.Net;
using Ash.Core.Sessions;
using Ash.Dapr.Events;
using Ash.Sandbox.ModelProxy;
using Ash.Server.Tests.Tracing;
using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Ash.Server.Tests.Dapr;

/// <summary>
/// Split apps on Dapr (an <c>api</c> app, a <c>sessions</c> app, one sandbox host), each with its sidecar from the daprd
/// stand-in and traces on (issue 14). They run in this process so one in-memory exporter sees every app's spans, but
/// everything between them is HTTP through the stand-in, which passes the trace context on as daprd does. A message
/// is one trace across every hop: the API's call to the session's actor, the actor's line to the sandbox host, the
/// model proxy there, and the events coming back to the API through pub/sub.
/// </summary>
public sealed class DaprTracingTests : IAsyncLifetime
{
    private const string AppToken = "traces-app-token-0123456789abcdef";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ash-tests", "dapr-traces-" + Guid.NewGuid().ToString("N"));
    private readonly ExportedSpans _exported = new();
    private readonly List<TestServer> _apps = [];
    private FakeModelServer _model = null!;
    private OtlpReceiver _collector = null!;
    private DaprMesh _mesh = null!;

    private TestServer ApiApp => _apps[^1];

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "shared"));
        File.SetUnixFileMode(Path.GetDirectoryName(_root)!, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
        _model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        _collector = await OtlpReceiver.StartAsync();
        (string AppId, string Roles, string? Node)[] apps = [("ash-sessions", "sessions", null), ("ash-node-a", "sandbox-host", "a"), ("ash-api", "api", null)];
        var ports = apps.ToDictionary(app => app.AppId, _ => (Sidecar: ServerProcess.FreePort(), SidecarGrpc: ServerProcess.FreePort(), App: ServerProcess.FreePort()));
        _mesh = await DaprMesh.StartAsync(new DaprMeshOptions
        {
            Sidecars = [.. apps.Select(app => new SidecarDefinition(app.AppId)
            {
                HttpPort = ports[app.AppId].Sidecar,
                GrpcPort = ports[app.AppId].SidecarGrpc,
                AppBaseUrl = new Uri($"http://127.0.0.1:{ports[app.AppId].App}"),
                AppToken = AppToken,
            })],
            StateStores = [new StateStoreDefinition("ash-state") { IsActorStateStore = true }],
            PubSubs = ["ash-pubsub"],
        });

        foreach (var (appId, roles, node) in apps)
        {
            var settings = new Dictionary<string, string?>(TracingTests.Otlp(_collector))
            {
                ["Ash:Dapr:Enabled"] = "true",
                ["Ash:Dapr:SidecarHttpPort"] = ports[appId].Sidecar.ToString(CultureInfo.InvariantCulture),
                ["Ash:Dapr:SidecarGrpcPort"] = ports[appId].SidecarGrpc.ToString(CultureInfo.InvariantCulture),
                ["Ash:Dapr:AppPort"] = ports[appId].App.ToString(CultureInfo.InvariantCulture),
                ["Ash:Dapr:AppApiToken"] = AppToken,
                ["Ash:Roles"] = roles,
                ["Ash:Node"] = node,
                ["Ash:Sandbox:SnapshotDirectory"] = Path.Combine(_root, "shared"),
                ["Ash:Agents:Directory"] = Path.Combine(_root, "agents"),
            };

            // The api and sessions apps share the read model; the sandbox host keeps none. Only the API's tracer needs
            // the in-memory exporter: a tracer in this process sees the spans of every app in it.
            var database = node is null ? Path.Combine(_root, "ash.db") : null;
            Action<IServiceCollection>? observe = roles == "api" ? services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_exported)) : null;
            _apps.Add(await TestServer.StartOnAsync(Path.Combine(_root, appId), database, _model.BaseUrl, PlatformFixture.RealModelKey, extra: settings, services: observe));
        }

        await Eventually.TrueAsync(async () => (await DaprCluster.SandboxHostsAsync(_apps[0].Http)).Count == 1, "the sandbox host to report to the sessions app", DaprCluster.Patience);
        await Eventually.TrueAsync(async () =>
        {
            using var response = await ApiApp.Http.GetAsync("/api/agents");
            return response.StatusCode != HttpStatusCode.ServiceUnavailable;
        }, "the api app to be ready", DaprCluster.Patience);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _apps.Count - 1; i >= 0; i--)
        {
            await _apps[i].DisposeAsync();
        }

        await _mesh.DisposeAsync();
        await _collector.DisposeAsync();
        await _model.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A sandbox's files may still be released; the temp directory is cleaned with the machine.
        }
    }

    [Fact]
    public async Task AMessage_IsOneTrace_AcrossTheSidecarHops_ToTheModelAndBackThroughPubSub()
    {
        var session = await Api.CreateSessionAsync(ApiApp.Http, await Api.DeployAgentAsync(ApiApp.Http));
        var sent = CallerTrace.New();
        List<SseFrame> frames;
        using (sent.Begin())
        {
            frames = await Api.SendAsync(ApiApp.Http, session, "hello across the sidecars");
        }

        Assert.Equal("done", frames[^1].Event);
        var trace = await _exported.TraceAsync(
            sent.TraceId,
            spans => spans.Any(span => span.IsRequest("POST", "/api/sessions/{id}/messages"))
                     && spans.Any(span => span.DisplayName == SessionTracing.Turn)
                     && spans.Any(span => span.Source.Name == Spans.HttpClient && span.ParentIn(spans)?.DisplayName == ModelProxyTracing.Request)
                     && spans.Any(span => span.IsRequest("POST", "/dapr/events/session-events")),
            "the message's request, a model request with its upstream call, and an event delivery");
        var post = Assert.Single(trace, span => span.IsRequest("POST", "/api/sessions/{id}/messages"));
        var turn = Assert.Single(trace, span => span.DisplayName == SessionTracing.Turn);
        sent.AssertCalled(post, trace);

        // api → its sidecar → the sessions app's actor route → the turn.
        var toTurn = turn.AncestorsIn(trace);
        Assert.Contains(post, toTurn);
        AssertHop(toTurn.TakeWhile(span => span != post).ToList(), "/actors/{type}/{id}/method/{method}");

        // The turn → the sessions app's sidecar → the sandbox host's actor route (the line to the agent) → the model request.
        var modelRequest = trace.First(span => span.DisplayName == ModelProxyTracing.Request && trace.Any(child => child.ParentSpanId == span.SpanId));
        var toModel = modelRequest.AncestorsIn(trace);
        Assert.Contains(turn, toModel);
        AssertHop(toModel.TakeWhile(span => span != turn).ToList(), "/actors/{type}/{id}/method/{method}");
        Assert.Equal(session.ToString(), modelRequest.Tag(Ash.Core.Tracing.TraceAttributes.SessionId));

        // The turn's events: published below the turn, and delivered to the API's subscription in the same trace (the
        // sidecar's own span in between, which daprd exports itself and the stand-in does not).
        var publish = trace.First(span => span.DisplayName == EventBusTracing.Publish);
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Contains(turn, publish.AncestorsIn(trace));
        Assert.Contains(trace, span => span.IsRequest("POST", "/dapr/events/session-events") && span.Kind == ActivityKind.Server);

        Assert.True(ApiApp.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000));
        Assert.True(_collector.Received(sent.TraceIdBytes()), "the message's trace did not reach the OTLP endpoint");
    }

    /// <summary>A call through a sidecar: the caller's client span and the callee's server span on <paramref name="route"/>.</summary>
    private static void AssertHop(List<Activity> between, string route)
    {
        Assert.Contains(between, span => span.Source.Name == Spans.HttpClient && span.Kind == ActivityKind.Client);
        Assert.Contains(between, span => span.Source.Name == Spans.AspNetCore && span.Kind == ActivityKind.Server && span.Tag("http.route") == route);
    }
}
