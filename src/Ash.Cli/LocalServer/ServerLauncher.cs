using System.Diagnostics;
using System.Globalization;

namespace Ash.Cli.LocalServer;

// Runs the server build (ASH_SERVER_DLL, else <repo>/artifacts/bin/Ash.Server/release/ash-server.dll)
// on the dotnet host this CLI runs on. The server reads ASH_API_KEY, ASH_CLAUDE_PATH and the
// ANTHROPIC_* variables from the environment it inherits.
internal static class ServerLauncher
{
    // Appends the server's output to the log and detaches it: setsid gives it its own session, so the
    // terminal's Ctrl+C and hang-up never reach it and it outlives the CLI. Each step execs, so the pid
    // of this shell is the server's pid. ($0 names the process in errors; $1 is the log; the rest is the server.)
    private const string DetachScript = """log="$1"; shift; exec setsid "$@" >>"$log" 2>&1 </dev/null""";

    public static string ServerDll =>
        CliContext.EnvironmentValue("ASH_SERVER_DLL")
        ?? Path.Combine(AshHome.Find() ?? AppContext.BaseDirectory, "artifacts", "bin", "Ash.Server", "release", "ash-server.dll");

    // Whether pid is a live server of ours, not another program that reuses a stale pid.
    public static bool IsServerProcess(int pid) =>
        PosixProcess.IsRunning(pid)
        && PosixProcess.CommandLine(pid).Contains(Path.GetFileName(ServerDll), StringComparison.Ordinal);

    // Starts the server in the background, logging to server.log, and records its pid.
    public static Process StartDetached(DataLayout layout, int port, string? apiKey)
    {
        Directory.CreateDirectory(layout.DataDirectory);
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", DetachScript, "ash-server", layout.LogFile, .. ServerCommand(layout, port)])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Start(startInfo, apiKey);
        PidFile.Write(layout.PidFile, process.Id);
        return process;
    }

    // Starts the server in the foreground, sharing this terminal's stdin, stdout and stderr.
    public static Process StartAttached(DataLayout layout, int port, string? apiKey)
    {
        Directory.CreateDirectory(layout.DataDirectory);
        var command = ServerCommand(layout, port);
        var startInfo = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command[1..])
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Start(startInfo, apiKey);
    }

    private static Process Start(ProcessStartInfo startInfo, string? apiKey)
    {
        if (apiKey is not null)
        {
            startInfo.Environment["ASH_API_KEY"] = apiKey;
        }

        return Process.Start(startInfo)
            ?? throw new CliException(ExitCodes.Error, $"could not start {startInfo.FileName}");
    }

    private static string[] ServerCommand(DataLayout layout, int port)
    {
        var dll = ServerDll;
        if (!File.Exists(dll))
        {
            throw new CliException(
                ExitCodes.Error,
                $"the server is not built: {dll} does not exist (the {AshHome.CommandHint} script builds it; or set ASH_SERVER_DLL)");
        }

        return [DotnetHost(), dll, "--port", port.ToString(CultureInfo.InvariantCulture), "--data", layout.DataDirectory];
    }

    // The dotnet executable running this CLI, so the server gets the same runtime; else the one on PATH.
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
