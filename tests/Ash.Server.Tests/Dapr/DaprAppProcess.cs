using System.Globalization;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Dapr;

/// <summary>
/// A server process started the way dapr.yaml starts a sandbox host (<c>--role sandbox-host --node a --port …
/// --app-port … --agents-dir …</c>, <c>ASH_DAPR=true</c>), with the flags a test adds, and its whole output kept,
/// so a test can read what it logged or why it refused to start. No sidecar is needed for what these tests do:
/// they call the app directly, as an attacker would.
/// </summary>
internal sealed class DaprAppProcess : IAsyncDisposable
{
    private readonly ServerOsProcess _process;

    private DaprAppProcess(ServerOsProcess process, string dataDirectory, int restPort, int appPort)
    {
        _process = process;
        DataDirectory = dataDirectory;
        RestPort = restPort;
        AppPort = appPort;
    }

    public string DataDirectory { get; }

    public int RestPort { get; }

    public int AppPort { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Uri AppUrl => new($"http://127.0.0.1:{AppPort}");

    /// <summary>Starts the process; <paramref name="appToken"/> is APP_API_TOKEN (null: not set).</summary>
    public static DaprAppProcess Start(string root, string? appToken, IEnumerable<string>? extraArguments = null, int? restPort = null, int? appPort = null, string host = "127.0.0.1")
    {
        var data = Path.Combine(root, "node-a");
        var rest = restPort ?? ServerProcess.FreePort();
        var app = appPort ?? ServerProcess.FreePort();
        string[] arguments =
        [
            "--role", "sandbox-host", "--node", "a",
            "--host", host,
            "--port", rest.ToString(CultureInfo.InvariantCulture),
            "--app-port", app.ToString(CultureInfo.InvariantCulture),
            "--agents-dir", Path.Combine(root, "agents"),
            "--data", data,
            "--shared-dir", Path.Combine(root, "shared"),
            "--runtime", RepositoryPaths.ClaudeBinary,
        ];
        var environment = new Dictionary<string, string?>
        {
            ["ASH_DAPR"] = "true",

            // No sidecar runs: the app waits for one (DAPR_HTTP_PORT names a closed port) far longer than a test takes.
            ["DAPR_HTTP_PORT"] = ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Ash__Dapr__SidecarTimeout"] = "00:10:00",
            ["Logging__LogLevel__Default"] = "Warning",
            ["APP_API_TOKEN"] = appToken,
            ["APP_PORT"] = null,
        };
        return new DaprAppProcess(ServerOsProcess.Start(arguments.Concat(extraArguments ?? []), environment), data, rest, app);
    }

    public string Output() => _process.Output();

    /// <summary>Waits until the app listener answers <c>/healthz</c> (it needs no token).</summary>
    public async Task WaitUntilListeningAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(
            async () =>
            {
                Assert.False(_process.HasExited, $"the app exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output()}");
                try
                {
                    using var response = await http.GetAsync(new Uri(AppUrl, "/healthz"));
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            () => $"the app to listen on {AppUrl}:\n{Output()}",
            TimeSpan.FromSeconds(60));
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();

        // Killed, the app could not unmount its pool's volumes: the next start would, but there is none.
        HostMounts.DetachBelow(DataDirectory);
    }
}
