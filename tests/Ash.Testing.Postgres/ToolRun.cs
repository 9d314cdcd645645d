using System.Diagnostics;

namespace Ash.Testing.Postgres;

/// <summary>One finished run of a command-line tool, with everything it printed.</summary>
internal sealed record ToolRun(string Command, int ExitCode, string Output, string Error)
{
    public static async Task<ToolRun> RunAsync(ProcessStartInfo start, string workingDirectory, CancellationToken cancellationToken)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = workingDirectory;
        // English messages, whatever the machine's locale.
        start.Environment["LC_ALL"] = "C";
        var command = string.Join(' ', [start.FileName, .. start.ArgumentList]);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ToolRun(command, process.ExitCode, await output, await error);
    }

    /// <summary>Throws with the tool's output (and <paramref name="logPath"/>'s contents, when given) unless it succeeded.</summary>
    public ToolRun EnsureSucceeded(string? logPath = null)
    {
        if (ExitCode == 0)
        {
            return this;
        }

        var log = logPath is not null && File.Exists(logPath) ? $"\n--- {logPath} ---\n{File.ReadAllText(logPath)}" : string.Empty;
        throw new InvalidOperationException($"'{Command}' exited with code {ExitCode}.\n--- stderr ---\n{Error}\n--- stdout ---\n{Output}{log}");
    }
}
