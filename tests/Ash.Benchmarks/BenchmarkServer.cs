using System.Net.Http.Headers;
using Ash.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Benchmarks;

/// <summary>The embedded server on a free port, running the stub runtime in the real sandbox.</summary>
internal sealed class BenchmarkServer : IAsyncDisposable
{
    private const string ApiKey = "ash_benchmark_key";
    private readonly WebApplication _app;

    private BenchmarkServer(WebApplication app, HttpClient http, string dataDirectory)
    {
        _app = app;
        Http = http;
        DataDirectory = dataDirectory;
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public Uri BaseUrl => Http.BaseAddress!;

    public string DataDirectory { get; }

    public static async Task<BenchmarkServer> StartAsync(string runtimePath)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ash-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var app = await AshServer.BuildAsync([], new Dictionary<string, string?>
        {
            ["Ash:Port"] = "0",
            ["Ash:DataDirectory"] = dataDirectory,
            ["Ash:ApiKey"] = ApiKey,
            ["Ash:Sandbox:RuntimePath"] = runtimePath,
            ["Ash:Model:ApiKey"] = "sk-unused-by-the-stub",

            // The benchmark measures the platform's overhead, not the tenant API's rate limits (its loops would hit them).
            ["Ash:RateLimits:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return new BenchmarkServer(app, http, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
