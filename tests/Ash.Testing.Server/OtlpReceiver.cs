using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ash.Testing.Server;

/// <summary>
/// A collector's OTLP/HTTP traces endpoint on a loopback port (<c>POST /v1/traces</c>, protobuf): it keeps every body
/// it is sent and answers 200. Nothing here parses protobuf; a test looks for bytes it knows (a trace id's 16 bytes,
/// a session id's text), which protobuf writes as they are.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string? ContentType, byte[] Body)> _exports;

    private OtlpReceiver(WebApplication app, ConcurrentQueue<(string?, byte[])> exports, Uri baseUrl)
    {
        _app = app;
        _exports = exports;
        BaseUrl = baseUrl;
    }

    /// <summary>Use it as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.</summary>
    public Uri BaseUrl { get; }

    public IReadOnlyList<(string? ContentType, byte[] Body)> Exports => [.. _exports];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var exports = new ConcurrentQueue<(string?, byte[])>();
        var app = builder.Build();
        app.Use((context, next) =>
        {
            // A tracer of the test process sees this host's requests too: exporting the export's own span would never end.
            if (Activity.Current is { } request)
            {
                request.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }

            return next(context);
        });
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue((request.ContentType, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OtlpReceiver(app, exports, new Uri(address));
    }

    /// <summary>True once some export holds <paramref name="needle"/>.</summary>
    public bool Received(ReadOnlySpan<byte> needle)
    {
        foreach (var (_, body) in _exports)
        {
            if (body.AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
