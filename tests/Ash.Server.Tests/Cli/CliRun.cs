using System.Diagnostics;
using Ash.Server.Tests.Infrastructure;

namespace Ash.Server.Tests.Cli;

/// <summary>What one run of the built CLI (<c>dotnet ash.dll …</c>) printed and how it exited.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Runs the CLI against <paramref name="server"/> with its API key, as a user's shell would.</summary>
    public static async Task<CliRun> RunAsync(Uri server, string apiKey, string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        startInfo.ArgumentList.Add(RepositoryPaths.CliAssembly);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["ASH_SERVER_URL"] = server.ToString();
        startInfo.Environment["ASH_API_KEY"] = apiKey;
        startInfo.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ash {string.Join(' ', arguments)} ran longer than {RunTimeout}: {await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
