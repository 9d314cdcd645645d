using System.Diagnostics;
using System.Globalization;

namespace Ash.Cli.LocalServer;

// Runs the server build (ASH_SERVER_DLL, else <repo>/artifacts/bin/Ash.Server/release/ash-server.dll)
// on the dotnet host this CLI runs on, with the CLI's environment (the server reads ASH_API_KEY,
// ASH_CLAUDE_PATH and the ANTHROPIC_* variables from it) and the settings as its flags.
internal sealed class ServerLauncher(CliEnvironment environment, AshHome home)
{
    // Appends the server's output to the log and detaches it: setsid gives it its own session, so the
    // terminal's Ctrl+C and hang-up never reach it and it outlives the CLI. Each step execs, so the pid
    // of this shell is the server's pid. ($0 names the process in errors; $1 is the log; the rest is the server.)
    private const string DetachScript = """log="$1"; shift; exec setsid "$@" >>"$log" 2>&1 </dev/null""";

    public string ServerDll =>
        environment.Variable("ASH_SERVER_DLL")
        ?? Path.Combine(home.Find() ?? AppContext.BaseDirectory, "artifacts", "bin", "Ash.Server", "release", "ash-server.dll");

    // Whether pid is a live server of ours, not another program that reuses a stale pid.
    public bool IsServerProcess(int pid) =>
        PosixProcess.IsRunning(pid)
        && PosixProcess.CommandLine(pid).Contains(Path.GetFileName(ServerDll), StringComparison.Ordinal);

    // Starts the server in the background, logging to server.log, and records its pid.
    public Process StartDetached(DataLayout layout, LocalServerSettings settings)
    {
        Directory.CreateDirectory(layout.DataDirectory);
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", DetachScript, "ash-server", layout.LogFile, .. ServerCommand(layout, settings)])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Start(startInfo, settings);
        PidFile.Write(layout.PidFile, process.Id);
        return process;
    }

    // Starts the server in the foreground, sharing this terminal's stdin, stdout and stderr.
    public Process StartAttached(DataLayout layout, LocalServerSettings settings)
    {
        Directory.CreateDirectory(layout.DataDirectory);
        var command = ServerCommand(layout, settings);
        var startInfo = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command[1..])
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Start(startInfo, settings);
    }

    private Process Start(ProcessStartInfo startInfo, LocalServerSettings settings)
    {
        startInfo.Environment.Clear();
        foreach (var (name, value) in environment.Variables)
        {
            startInfo.Environment[name] = value;
        }

        // Secrets go in the environment, not in argv where any local user's ps reads them.
        if (settings.ApiKey is { } apiKey)
        {
            startInfo.Environment["ASH_API_KEY"] = apiKey;
        }

        if (settings.Database is { } database)
        {
            startInfo.Environment["ASH_DATABASE_URL"] = database;
        }

        return Process.Start(startInfo)
            ?? throw new CliException(ExitCodes.Error, $"could not start {startInfo.FileName}");
    }

    private string[] ServerCommand(DataLayout layout, LocalServerSettings settings)
    {
        var dll = ServerDll;
        if (!File.Exists(dll))
        {
            throw new CliException(
                ExitCodes.Error,
                $"the server is not built: {dll} does not exist",
                $"The {home.CommandHint} script builds it; or set ASH_SERVER_DLL.");
        }

        List<string> command =
        [
            DotnetHost(), dll,
            "--port", settings.Port.ToString(CultureInfo.InvariantCulture),
            "--host", settings.Host.ToString(),
            "--data", layout.DataDirectory,
        ];
        if (settings.AllowUnlimited)
        {
            command.AddRange(["--allow-unlimited", "true"]);
        }

        if (settings.DiskVolumes is { } volumes)
        {
            command.AddRange(["--disk-volumes", volumes ? "true" : "false"]);
        }

        return [.. command];
    }

    // The dotnet executable running this CLI, so the server gets the same runtime; else the one on PATH.
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
