using System.Net.Http.Headers;
using Ash.Testing.Common;

namespace Ash.Testing.Server;

/// <summary>
/// The real server as its own OS process (<c>dotnet ash-server.dll</c>), so a test can kill it with
/// SIGKILL mid-turn and start it again on the same data directory and port.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly ServerOsProcess _process;

    private readonly string _dataDirectory;

    private ServerProcess(ServerOsProcess process, Uri baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        _dataDirectory = dataDirectory;
    }

    public Uri BaseUrl { get; }

    public int Pid => _process.Pid;

    /// <summary>A free port for a server started after it is chosen (see <see cref="Ash.Testing.Ports.FreePort"/>).</summary>
    public static int FreePort() => Ash.Testing.Ports.FreePort.Next();

    /// <param name="database">The <c>--database</c> value (null: SQLite in the data directory); a restart must pass the same one.</param>
    /// <param name="switches">More command-line switches (e.g. <c>--log-format json</c>).</param>
    public static async Task<ServerProcess> StartAsync(
        string dataDirectory, string? database, int port, Uri modelUpstream, string modelKey, IReadOnlyDictionary<string, string>? settings = null, IReadOnlyList<string>? switches = null)
    {
        List<string> arguments = ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1", "--data", dataDirectory, "--runtime", RepositoryPaths.ClaudeBinary];
        arguments.AddRange(switches ?? []);
        if (database is not null)
        {
            arguments.AddRange(["--database", database]);
        }

        var environment = new Dictionary<string, string?>
        {
            ["ASH_API_KEY"] = TestServer.ApiKey,
            ["ANTHROPIC_BASE_URL"] = modelUpstream.ToString(),
            ["ANTHROPIC_API_KEY"] = modelKey,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = ServerOsProcess.Start(arguments, environment);
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), dataDirectory);
        await server.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>Everything the server wrote to stdout and stderr so far.</summary>
    public string Output() => _process.Output();

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestServer.ApiKey);
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill (its volumes stay mounted until the next start detaches them).</summary>
    public Task KillHardAsync() => _process.KillHardAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();

        // Killed, the server could not unmount its sessions' volumes: the next start would, but there is none.
        HostMounts.DetachBelow(_dataDirectory);
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    Assert.Fail($"the server exited with {_process.ExitCode} before it was healthy:\n{_process.Output()}");
                }

                try
                {
                    using var response = await http.GetAsync("/health");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    // One slow answer while the server starts on a busy machine is not yet healthy; the timeout decides.
                    return false;
                }
            },
            () => $"the server to be healthy:\n{_process.Output()}",
            timeout);
    }
}
