using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Ash.Testing.FakeModel;

/// <summary>
/// A fake Anthropic Messages API on a loopback port. Replies are scripted by directives such as
/// <c>[[bash:command]]</c>, <c>[[slow:delayMs:count]]</c>, <c>[[error:status]]</c>, <c>[[overloaded:times]]</c>, <c>[[recall]]</c> and
/// <c>[[thinking]]</c> in the last user message; without one it echoes the user's text.
/// </summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    // Slow scripted streams end on ApplicationStopping; this only bounds a client that never reads.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication app;
    private readonly RequestRecorder recorder;
    private readonly ArrivalRecorder arrivals;
    private readonly UsageLedger usage;
    private int disposed;

    private FakeModelServer(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        recorder = app.Services.GetRequiredService<RequestRecorder>();
        arrivals = app.Services.GetRequiredService<ArrivalRecorder>();
        usage = app.Services.GetRequiredService<UsageLedger>();
        BaseUrl = baseUrl;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234</c>; use it as <c>ANTHROPIC_BASE_URL</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedModelRequest> Requests => recorder.Snapshot();

    /// <summary>Every request whose head arrived, any route, in arrival order, including ones whose body never completed.</summary>
    public IReadOnlyList<ModelRequestArrival> Arrivals => arrivals.Snapshot();

    /// <summary>The usage reported in every answer sent whole so far, in the order they finished.</summary>
    public IReadOnlyList<ReportedUsage> ReportedUsage => usage.Snapshot();

    /// <summary>The most requests that were in flight at once since the server started.</summary>
    public int MaxConcurrentRequests => arrivals.MaxInFlight;

    /// <summary>Starts the server on a random loopback port, accepting only <paramref name="expectedApiKey"/>.</summary>
    public static Task<FakeModelServer> StartAsync(string expectedApiKey, CancellationToken cancellationToken = default) =>
        StartAsync(expectedApiKey, port: 0, standalone: false, cancellationToken);

    /// <summary>
    /// Starts the server also serving Bedrock's runtime routes (<c>/model/{id}/invoke…</c>), which take only requests
    /// SigV4-signed with one of <paramref name="awsKeys"/>; use its <see cref="BaseUrl"/> as the Bedrock endpoint.
    /// </summary>
    public static Task<FakeModelServer> StartWithBedrockAsync(string expectedApiKey, IReadOnlyList<FakeAwsKeys> awsKeys, CancellationToken cancellationToken = default) =>
        StartAsync(expectedApiKey, port: 0, standalone: false, cancellationToken, awsKeys);

    internal static async Task<FakeModelServer> StartAsync(string expectedApiKey, int port, bool standalone, CancellationToken cancellationToken, IReadOnlyList<FakeAwsKeys>? awsKeys = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(expectedApiKey);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        // Logs go to stderr so stdout carries only the URL a script reads.
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        if (!standalone)
        {
            builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RequestRecorder>();
        builder.Services.AddSingleton<ArrivalRecorder>();
        builder.Services.AddSingleton<UsageLedger>();
        builder.Services.AddSingleton<OverloadCounter>();
        builder.Services.AddSingleton(new ExpectedApiKey(expectedApiKey));
        builder.Services.AddSingleton(new BedrockSignatureCheck(awsKeys ?? []));

        var app = builder.Build();
        var arrivalRecorder = app.Services.GetRequiredService<ArrivalRecorder>();
        app.Use(arrivalRecorder.RecordAsync);
        if (awsKeys is { Count: > 0 })
        {
            app.MapBedrockApi();
        }

        app.MapMessagesApi();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FakeModelServer(app, new Uri(address));
    }

    internal Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }
}
