using System.Diagnostics;
using System.Globalization;
using Ash.Sandbox.Limits.Cgroups;

namespace Ash.Sandbox.Launch;

/// <summary>
/// The full command line of a sandboxed process: a root shell that joins the sandbox's cgroup with its
/// own pid, opens the seccomp program for bwrap, and execs prlimit (a file size cap, when the session has no volume), then setpriv (drop to the sandbox uid), which execs bwrap, which runs the command.
/// Joining before exec means nothing the sandbox ever forks starts outside its limits
/// (sandbox-facts.md §0.7, §3.3). The environment is exactly <c>environment</c>: nothing of the server's.
/// </summary>
internal static class SandboxCommand
{
    private const string JoinThenExec =
        "n=$1; shift\n" +
        "while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift; n=$((n - 1)); done\n" +
        "exec 9<\"$1\" || exit 125; shift\n" +
        "exec \"$@\"\n";

    /// <summary>The descriptor bwrap reads the seccomp program from (dash takes single-digit descriptors only).</summary>
    private const string SeccompDescriptor = "9";

    public static ProcessStartInfo Build(
        SandboxOptions options,
        int uid,
        CgroupLeaf? cgroup,
        long? maxFileBytes,
        IEnumerable<string> bwrapArguments,
        IEnumerable<string> command,
        IReadOnlyDictionary<string, string> environment)
    {
        var uidText = uid.ToString(CultureInfo.InvariantCulture);
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };

        var arguments = startInfo.ArgumentList;
        arguments.Add("-c");
        arguments.Add(JoinThenExec);
        arguments.Add("ash-launch");
        var procsFiles = cgroup?.ProcsFiles ?? [];
        arguments.Add(procsFiles.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var procs in procsFiles)
        {
            arguments.Add(procs);
        }

        arguments.Add(options.SeccompProgramPath);

        // Without a volume (switched off), at least no single file may outgrow the session's disk quota
        // (RLIMIT_FSIZE; inherited by everything). A volume needs none: it is the quota.
        if (maxFileBytes is { } fileSizeLimit)
        {
            arguments.Add(options.PrlimitPath);
            arguments.Add($"--fsize={fileSizeLimit.ToString(CultureInfo.InvariantCulture)}");
        }

        // Drop to the sandbox's own uid before bwrap: as host root, even a user-namespaced sandbox
        // could still read root-owned files (sandbox-facts.md §0.2).
        arguments.Add(options.SetprivPath);
        arguments.Add($"--reuid={uidText}");
        arguments.Add($"--regid={uidText}");
        arguments.Add("--clear-groups");
        arguments.Add(options.BwrapPath);
        foreach (var argument in bwrapArguments)
        {
            arguments.Add(argument);
        }

        // bwrap loads the filter for the sandbox and closes the descriptor, so the agent never holds it.
        arguments.Add("--seccomp");
        arguments.Add(SeccompDescriptor);
        arguments.Add("--");
        foreach (var argument in command)
        {
            arguments.Add(argument);
        }

        // Nothing of the server's environment (its API key included) may reach bwrap: bwrap's own
        // /proc/1/environ is readable inside the sandbox (sandbox-facts.md §0.3).
        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }
}
