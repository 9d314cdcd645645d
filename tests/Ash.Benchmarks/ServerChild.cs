using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Ash.Benchmarks;

/// <summary>
/// The built server (<c>dotnet ash-server.dll</c>) as a process of its own on a free loopback port, so what is
/// measured of it (its resident memory) is the server's alone, not this benchmark's client as well. It inherits
/// this process's environment: <c>Ash__…</c> variables set for a run reach it as configuration.
/// </summary>
internal sealed class ServerChild : IAsyncDisposable
{
    private const string ApiKey = "ash_benchmark_key";
    private readonly Process _process;
    private readonly string _logPath;

    private ServerChild(Process process, HttpClient http, string dataDirectory, string logPath)
    {
        _process = process;
        Http = http;
        DataDirectory = dataDirectory;
        _logPath = logPath;
    }

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    public string DataDirectory { get; }

    public static async Task<ServerChild> StartAsync(string serverAssembly, string runtimePath)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ash-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var logPath = dataDirectory + ".log";
        var port = FreePort().ToString(CultureInfo.InvariantCulture);
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };

        // The server's output goes to a file: a pipe nobody drains would stall it once full.
        foreach (var argument in new[] { "-c", "exec dotnet \"$@\" >\"$0\" 2>&1", logPath, serverAssembly, "--port", port, "--host", "127.0.0.1", "--data", dataDirectory, "--runtime", runtimePath })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["ASH_API_KEY"] = ApiKey;
        startInfo.Environment["ANTHROPIC_API_KEY"] = "sk-unused-by-the-stub";
        startInfo.Environment.TryAdd("Logging__LogLevel__Default", "Warning");

        // The budget is sized from this machine's memory at start-up with what one idle sandbox holds: the stub's is
        // about 5 MiB (measured, issue 14), not Claude Code's 128.
        startInfo.Environment.TryAdd("Ash__Sessions__SandboxMemoryMb", "8");

        // One client making thousands of sessions as fast as it can is what the API's rate limits exist to stop.
        startInfo.Environment.TryAdd("Ash__RateLimits__Enabled", "false");
        var process = Process.Start(startInfo)!;
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(120),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        var server = new ServerChild(process, http, dataDirectory, logPath);
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>SIGTERM, so the server stops its sandboxes and takes its volumes off as it would in production.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        }

        _process.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
        File.Delete(_logPath);
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {_process.ExitCode}:\n{await File.ReadAllTextAsync(_logPath)}");
            }

            try
            {
                using var response = await Http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException("the server was not healthy within a minute");
            }

            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
