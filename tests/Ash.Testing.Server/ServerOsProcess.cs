using System.Diagnostics;
using System.Text;

namespace Ash.Testing.Server;

/// <summary>
/// <c>dotnet ash-server.dll</c> as its own OS process, with the arguments and environment a test gives, and
/// its whole output kept so a test can read what it logged or why it stopped.
/// </summary>
public sealed class ServerOsProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerOsProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="environment">Set (a value) or removed (null) in the server's environment.</param>
    public static ServerOsProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(RepositoryPaths.ServerAssembly);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var server = new ServerOsProcess(Process.Start(startInfo)!);
        server._process.OutputDataReceived += (_, line) => server.Append(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Append(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout) => await _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: false);
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
