using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>
/// A Dapr app for the stand-in to call: answers <c>/dapr/config</c> and <c>/dapr/subscribe</c>, hosts actor
/// routes and subscription routes under <c>/events/…</c>, and records everything it receives. Actor and event
/// replies are scripted through <see cref="OnActorCall"/> and <see cref="OnEvent"/>.
/// </summary>
internal sealed class TestDaprApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestDaprApp(WebApplication app)
    {
        this.app = app;
    }

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1");

    public ConcurrentQueue<RecordedActorCall> ActorCalls { get; } = new();

    public ConcurrentQueue<RecordedDeactivation> Deactivations { get; } = new();

    public ConcurrentQueue<RecordedEvent> Events { get; } = new();

    /// <summary>Every request's path and the <c>dapr-api-token</c> it carried (null when none).</summary>
    public ConcurrentQueue<(string Path, string? Token)> Tokens { get; } = new();

    /// <summary>Reply to an actor method, reminder or timer call; by default 200 echoing the body and content type.</summary>
    public Func<RecordedActorCall, Task<IResult>> OnActorCall { get; set; } = call => Task.FromResult(Echo(call));

    /// <summary>Reply to a delivery; by default an empty 200 (acknowledged).</summary>
    public Func<RecordedEvent, IResult> OnEvent { get; set; } = _ => Results.Ok();

    public IEnumerable<RecordedActorCall> CallsTo(string method) => ActorCalls.Where(call => call.Method == method);

    public static IResult Echo(RecordedActorCall call) =>
        Results.Text(call.Body, call.ContentType ?? "application/json", statusCode: StatusCodes.Status200OK);

    public static async Task<TestDaprApp> StartAsync(TestDaprAppOptions options, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoSignalHostLifetime>();
        var app = builder.Build();
        var testApp = new TestDaprApp(app);
        testApp.Map(options);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        testApp.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return testApp;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void Map(TestDaprAppOptions options)
    {
        app.Use(async (context, next) =>
        {
            Tokens.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers["dapr-api-token"].FirstOrDefault()));
            await next(context);
        });
        app.MapGet("/dapr/config", () => options.ConfigJson is { } json ? Results.Text(json, "application/json") : Results.NotFound());
        app.MapGet("/dapr/subscribe", () => options.SubscriptionsJson is { } json ? Results.Text(json, "application/json") : Results.NotFound());
        app.MapPut("/actors/{actorType}/{actorId}/method/{**method}", async (string actorType, string actorId, string method, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var call = new RecordedActorCall(
                request.Method, actorType, actorId, method, await reader.ReadToEndAsync(), request.QueryString.Value ?? "", request.ContentType,
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            ActorCalls.Enqueue(call);
            return await OnActorCall(call);
        });
        app.MapDelete("/actors/{actorType}/{actorId}", (string actorType, string actorId) =>
        {
            Deactivations.Enqueue(new RecordedDeactivation(actorType, actorId));
            return Results.Ok();
        });
        app.MapPost("/events/{**route}", async (string route, HttpRequest request) =>
        {
            var cloudEvent = (JsonObject)(await JsonNode.ParseAsync(request.Body))!;
            var received = new RecordedEvent("/events/" + route, cloudEvent, request.ContentType, request.Headers["traceparent"].FirstOrDefault());
            Events.Enqueue(received);
            return OnEvent(received);
        });
    }
}
