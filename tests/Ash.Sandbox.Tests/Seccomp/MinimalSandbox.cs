using System.Diagnostics;
using System.Globalization;
using Ash.Sandbox.Launch;

namespace Ash.Sandbox.Tests.Seccomp;

internal sealed record SandboxRun(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs a command the way the server starts agents, minus the session directories: a root /bin/sh
/// opens the filter as fd 9, drops to an unprivileged host uid (setpriv), then bwrap with every
/// namespace unshared, /usr read-only, fresh /proc, /dev and /tmp, and <c>--seccomp 9</c>.
/// </summary>
internal static class MinimalSandbox
{
    /// <summary>Outside the server's default range (200000–209999), so no live sandbox shares it.</summary>
    public const int Uid = 299_001;

    public const string RuntimeInside = "/opt/runtime";

    // bwrap's --die-with-parent follows the forking thread; fork from one that lives (sandbox-facts.md §0.6).
    private static readonly ProcessSpawner Spawner = new();

    public static async Task<SandboxRun> RunAsync(
        string? seccompFile,
        IReadOnlyList<string> command,
        string? runtimeDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? bwrapArguments = null)
    {
        var uid = Uid.ToString(CultureInfo.InvariantCulture);
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };

        // dash takes single-digit descriptors only, hence 9. bwrap closes it once the filter is loaded.
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(seccompFile is null ? "exec \"$@\"" : "exec 9<\"$0\" && exec \"$@\"");
        startInfo.ArgumentList.Add(seccompFile ?? "sh");
        string[] prefix =
        [
            "/usr/bin/setpriv", $"--reuid={uid}", $"--regid={uid}", "--clear-groups",
            "/usr/bin/bwrap",
            "--unshare-all", "--new-session", "--die-with-parent",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
        ];
        foreach (var argument in prefix)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (runtimeDirectory is not null)
        {
            foreach (var argument in new[] { "--ro-bind", runtimeDirectory, RuntimeInside })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in bwrapArguments ?? [])
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (seccompFile is not null)
        {
            startInfo.ArgumentList.Add("--seccomp");
            startInfo.ArgumentList.Add("9");
        }

        foreach (var argument in new[] { "--chdir", "/tmp", "--" }.Concat(command))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/bin:/bin";
        startInfo.Environment["HOME"] = "/tmp";
        startInfo.Environment["LANG"] = "C.UTF-8";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = await Spawner.StartAsync(startInfo).WaitAsync(TimeSpan.FromSeconds(30));
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new SandboxRun(process.ExitCode, await stdout.WaitAsync(TimeSpan.FromSeconds(10)), await stderr.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
