using System.Net.Http.Headers;
using Ash.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Testing.Server;

/// <summary>
/// A real embedded server on a free loopback port, with its own data directory under /tmp (which the
/// sandbox uids can traverse), the real claude binary (or a given runtime) and a real bwrap sandbox.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string ApiKey = "ash_test_key_0123456789";

    private readonly WebApplication _app;
    private readonly DocumentedStatuses _statuses;
    private readonly bool _ownsDataDirectory;

    private TestServer(WebApplication app, DocumentedStatuses statuses, Uri baseUrl, string dataDirectory, string? database, bool ownsDataDirectory)
    {
        _app = app;
        _statuses = statuses;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
        Database = database;
        _ownsDataDirectory = ownsDataDirectory;
        Http = CreateClient(ApiKey);
    }

    public Uri BaseUrl { get; }

    public string DataDirectory { get; }

    /// <summary>The server's <c>Ash:Database</c>: a PostgreSQL URL, a SQLite path, or null (SQLite in the data directory); a server started later on the same data takes the same.</summary>
    public string? Database { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The answers of this server's endpoints, held to docs/openapi.json (checked again when it stops).</summary>
    public DocumentedStatuses Statuses => _statuses;

    /// <param name="services">Added to the server's services last: what the test observes it with (an in-memory trace exporter).</param>
    public static async Task<TestServer> StartAsync(
        Uri? modelUpstream, string? modelKey, string? runtimePath = null, IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ash-tests", Guid.NewGuid().ToString("N"));
        return await StartCoreAsync(dataDirectory, await TestDatabase.NewAsync(), ownsDataDirectory: true, modelUpstream, modelKey, runtimePath, extra, services);
    }

    /// <summary>A server on an existing data directory and database (a restart, an upgrade); the caller removes the directory.</summary>
    public static Task<TestServer> StartOnAsync(
        string dataDirectory, string? database, Uri? modelUpstream, string? modelKey, string? runtimePath = null, IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null) =>
        StartCoreAsync(dataDirectory, database, ownsDataDirectory: false, modelUpstream, modelKey, runtimePath, extra, services);

    /// <summary>A fresh data directory for <see cref="StartOnAsync"/>, traversable by the sandbox uids.</summary>
    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "ash-tests", Guid.NewGuid().ToString("N"));

    private static async Task<TestServer> StartCoreAsync(
        string dataDirectory, string? database, bool ownsDataDirectory, Uri? modelUpstream, string? modelKey, string? runtimePath, IReadOnlyDictionary<string, string?>? extra, Action<IServiceCollection>? services)
    {
        Directory.CreateDirectory(dataDirectory);
        File.SetUnixFileMode(Path.Combine(Path.GetTempPath(), "ash-tests"), (UnixFileMode)0b111_101_101);

        var settings = new Dictionary<string, string?>
        {
            ["Ash:Port"] = "0",
            ["Ash:Host"] = "127.0.0.1",
            ["Ash:DataDirectory"] = dataDirectory,
            ["Ash:ApiKey"] = ApiKey,
            ["Ash:Sandbox:RuntimePath"] = runtimePath ?? RepositoryPaths.ClaudeBinary,
            ["Ash:Model:BaseUrl"] = modelUpstream?.ToString() ?? "http://127.0.0.1:9",
            ["Ash:Model:ApiKey"] = modelKey ?? string.Empty,
            ["Logging:LogLevel:Default"] = "Warning",

            // Hundreds of servers run in one test process: one ready volume each, not four.
            ["Ash:Sandbox:Volumes:PoolSize"] = "1",
            ["Ash:Database"] = database,
        };
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var app = await AshServer.BuildAsync([], settings, timeout.Token, services);
        var statuses = new DocumentedStatuses();
        statuses.Watch(app);
        await app.StartAsync(timeout.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, statuses, new Uri(address), dataDirectory, settings["Ash:Database"], ownsDataDirectory);
    }

    public HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient(new DocumentedStatusHandler(_statuses)) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(120) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>The session's directory on the host (root-owned; its files are on the volume mounted at <c>volume/</c>).</summary>
    public string SessionDirectoryOf(Guid sessionId) => Path.Combine(DataDirectory, "sandboxes", sessionId.ToString("D"));

    /// <summary>The workspace as the host sees it: on the session's volume, which is mounted while the session is in use.</summary>
    public string WorkspaceOf(Guid sessionId) => Path.Combine(SessionDirectoryOf(sessionId), "volume", "workspace");

    /// <summary>The pid of the session's running sandbox (from the host's process record), or null when none runs.</summary>
    public int? AgentPidOf(Guid sessionId) => SandboxProcess.PidOf(DataDirectory, sessionId);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();

        // The server unmounts its volumes when it stops; one left behind is a leak (and would keep a loop device).
        var leaked = HostMounts.DetachBelow(DataDirectory);
        try
        {
            if (_ownsDataDirectory)
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        Assert.True(leaked.Count == 0, $"the server left {leaked.Count} mount(s) behind when it stopped: {string.Join(", ", leaked)}");
        Assert.True(
            _statuses.Undocumented.Count == 0,
            $"the server answered with statuses docs/openapi.json does not list for the route (declare them with ProducesErrors and regenerate it): {string.Join("; ", _statuses.Undocumented.Distinct())}");
    }
}
