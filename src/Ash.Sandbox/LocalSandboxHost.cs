using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Ash.Core.Agents;
using Ash.Core.Sandboxes;
using Ash.Sandbox.Bubblewrap;
using Ash.Sandbox.Directories;
using Ash.Sandbox.Egress;
using Ash.Sandbox.Exec;
using Ash.Sandbox.Launch;
using Ash.Sandbox.Limits;
using Ash.Sandbox.Limits.Cgroups;
using Ash.Sandbox.Logs;
using Ash.Sandbox.ModelProxy;
using Ash.Sandbox.Orphans;
using Ash.Sandbox.Runtime;
using Ash.Sandbox.Snapshots;
using Ash.Sandbox.Uids;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ash.Sandbox;

/// <summary>
/// Runs sandboxes on this machine: prepares session directories, and starts the agent as its own
/// unprivileged uid (setpriv) inside bubblewrap, with an environment built from nothing and a
/// model proxy as its only way out.
/// </summary>
public sealed class LocalSandboxHost : ISandboxHost
{
    /// <summary>
    /// Runs inside the sandbox as the first process: starts the socat bridge from the loopback port to
    /// the proxy socket, then becomes the agent runtime.
    /// </summary>
    private const string Launcher =
        "socat TCP-LISTEN:\"$ASH_PROXY_PORT\",bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:" + SandboxPaths.ModelSocket + " </dev/null >/dev/null 2>&1 &\n" +
        "if [ -n \"$ASH_EGRESS_PORT\" ]; then socat TCP-LISTEN:\"$ASH_EGRESS_PORT\",bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:" + SandboxPaths.EgressSocket + " </dev/null >/dev/null 2>&1 & fi\n" +
        "unset ASH_PROXY_PORT ASH_EGRESS_PORT\n" +
        "exec \"$0\" \"$@\"\n";

    /// <summary>Loopback port inside the sandbox where the egress proxy listens (agents with an allowlist).</summary>
    private const int EgressPort = 8378;

    private readonly SandboxOptions _options;
    private readonly ModelUpstream _upstream;
    private readonly ProcessSpawner _spawner;
    private readonly HttpClient _http;
    private readonly ILogger<LocalSandboxHost> _logger;
    private readonly SandboxUidPool _uids;
    private readonly LimitEnforcement _limits;
    private readonly TimeProvider _time;
    private readonly SessionSnapshots? _snapshots;
    private int _liveCount;

    public LocalSandboxHost(IOptions<SandboxOptions> options, LimitEnforcement limits, ModelUpstream upstream, ProcessSpawner spawner, HttpClient http, TimeProvider time, ILogger<LocalSandboxHost> logger)
    {
        _time = time;
        _options = options.Value;
        _limits = limits;
        _upstream = upstream;
        _spawner = spawner;
        _http = http;
        _logger = logger;
        Directory.CreateDirectory(_options.SocketDirectory);
        Seccomp.SeccompProfile.WriteTo(_options.SeccompProgramPath);
        _snapshots = string.IsNullOrEmpty(_options.SnapshotDirectory) ? null : new SessionSnapshots(_options.SnapshotDirectory);
        _uids = new SandboxUidPool(_options.FirstUid, _options.UidCount, Path.Combine(_options.SocketDirectory, "uids"));
    }

    public int LiveCount => Volatile.Read(ref _liveCount);

    public Task PrepareAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        var directories = Directories(spec.SessionId);
        Directory.CreateDirectory(directories.Root);
        File.SetUnixFileMode(directories.Root, TraverseOnly);

        // Another host may have run the session since this one last did: its snapshot is then newer.
        _snapshots?.RestoreIfNewer(directories, spec.SessionId);
        if (!Directory.Exists(directories.Workspace))
        {
            // Copy into a temporary name first so a crash never leaves a half-copied workspace behind.
            var staging = directories.Workspace + ".staging";
            DeleteIfExists(staging);
            TreeCopier.ForAgentFolder.Copy(spec.AgentPath, staging);
            Directory.Move(staging, directories.Workspace);
        }

        Directory.CreateDirectory(directories.Home);
        Directory.CreateDirectory(_options.SocketDirectory);
        File.SetUnixFileMode(_options.SocketDirectory, TraverseOnly);
        Directory.CreateDirectory(directories.Run);
        File.SetUnixFileMode(directories.Run, TraverseOnly);
        return Task.CompletedTask;
    }

    public async Task<ISandboxProcess> StartAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        await PrepareAsync(spec, cancellationToken);
        var directories = Directories(spec.SessionId);
        var sandboxId = $"sbx-{spec.SessionId:N}";
        var limits = SandboxLimits.Resolve(spec.Config.Limits, _limits.Defaults);
        var log = SandboxLogFile.Open(directories.Logs, _time);
        int uid;
        try
        {
            uid = _uids.Rent();
        }
        catch (Exception exception)
        {
            log.System("The sandbox could not start: " + exception.Message);
            log.Dispose();
            throw;
        }

        ModelProxyListener? proxy = null;
        EgressProxyListener? egress = null;
        CgroupLeaf? cgroup = null;
        try
        {
            Ownership.ChangeTree(directories.Workspace, uid);
            Ownership.ChangeTree(directories.Home, uid);
            SyntheticEtc.Write(directories.Etc, uid);
            var mcpConfig = McpConfigFile.Merge(directories.Workspace, spec.Options.McpServersJson)
                ? $"{SandboxPaths.Workspace}/{McpConfigFile.FileName}"
                : null;

            var token = "sbx_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            proxy = ModelProxyListener.Start(directories.ModelSocket, uid, sandboxId, token, _upstream, _http, _options.ModelProxy, _time, _logger);
            cgroup = _limits.Cgroups?.Create(AgentCgroupName(spec.SessionId), limits);
            var network = spec.Config.Network;
            if (network.Mode == NetworkMode.Full && !_options.AllowFullNetwork)
            {
                throw new InvalidOperationException("the agent asks for full network access, which this server does not allow (Ash:Sandbox:AllowFullNetwork)");
            }

            if (network.Mode == NetworkMode.Allowlist)
            {
                if (!EgressPolicy.TryParse(network.Allow, out var policy, out var problems))
                {
                    throw new InvalidOperationException("the agent's egress allowlist is invalid: " + string.Join("; ", problems));
                }

                egress = EgressProxyListener.Start(directories.EgressSocket, uid, sandboxId, policy, _logger);
            }

            var resume = directories.HasConversation(spec.SessionId);
            var runtimeInside = $"{SandboxPaths.RuntimeDirectory}/{Path.GetFileName(_options.RuntimePath)}";
            var command = new List<string> { "/bin/sh", "-c", Launcher, runtimeInside };
            command.AddRange(ClaudeArguments.Build(spec.SessionId, resume, spec.Options, _options.DefaultPermissionMode, mcpConfig));
            var environment = SandboxEnvironment.Build(_options.ModelProxyPort, token, spec.AgentEnv, spec.Options.ExtraEnv);
            environment["ASH_PROXY_PORT"] = _options.ModelProxyPort.ToString(CultureInfo.InvariantCulture);
            if (egress is not null)
            {
                EgressEnvironment.AddTo(environment, EgressPort);
                environment["ASH_EGRESS_PORT"] = EgressPort.ToString(CultureInfo.InvariantCulture);
            }

            var shareNetwork = network.Mode == NetworkMode.Full;
            var startInfo = SandboxCommand.Build(_options, uid, cgroup, limits.DiskBytes, BwrapArguments.Build(directories, RuntimeDirectory, uid, shareNetwork), command, environment);

            // Commands run beside the agent get its files, uid and cgroup, but not its model token.
            var execEnvironment = SandboxEnvironment.ForCommands(spec.AgentEnv, spec.Options.ExtraEnv);
            var execCgroup = cgroup;
            var exec = new SandboxExec(_spawner, log, execCommand =>
                SandboxCommand.Build(_options, uid, execCgroup, limits.DiskBytes, BwrapArguments.Build(directories, RuntimeDirectory, uid, shareNetwork), execCommand, execEnvironment));

            var process = await _spawner.StartAsync(startInfo);
            Interlocked.Increment(ref _liveCount);
            ProcessRecord.ForRunning(process.Id)?.Write(directories.ProcessRecord);
            SandboxLog.Started(_logger, sandboxId, uid, process.Id, resume);
            log.System(StartedLine(sandboxId, started.Elapsed, uid, process.Id, limits, cgroup is not null, network.Mode, resume));

            var owned = (proxy, egress, cgroup);
            proxy = null;
            egress = null;
            cgroup = null;
            return new LocalSandboxProcess(sandboxId, process, owned.proxy, owned.egress, owned.cgroup, limits, [directories.Workspace, directories.Home], exec, log, _options.MaxLineBytes, () =>
            {
                Interlocked.Decrement(ref _liveCount);
                File.Delete(directories.ProcessRecord);
                _uids.Return(uid);
                SaveSnapshot(directories, spec.SessionId, log);
                SandboxLog.Exited(_logger, sandboxId, process.HasExited ? process.ExitCode : -1);
            });
        }
        catch (Exception exception)
        {
            log.System("The sandbox could not start: " + exception.Message);
            log.Dispose();
            if (proxy is not null)
            {
                await proxy.DisposeAsync();
            }

            if (egress is not null)
            {
                await egress.DisposeAsync();
            }

            cgroup?.TryRemove();
            _uids.Return(uid);
            throw;
        }
    }

    private static string StartedLine(string sandboxId, TimeSpan took, int uid, int processId, SandboxLimits limits, bool enforced, NetworkMode network, bool resume)
    {
        var conversation = resume ? "continuing its conversation" : "new conversation";
        var enforcement = enforced
            ? string.Create(CultureInfo.InvariantCulture, $"limits {limits.MemoryMb} MiB memory, {limits.MaxProcesses} processes, {limits.Cpus:0.##} CPU, {limits.DiskMb} MiB disk")
            : string.Create(CultureInfo.InvariantCulture, $"no cgroup limits (allowed by the server), {limits.DiskMb} MiB disk");
        return string.Create(CultureInfo.InvariantCulture,
            $"Sandbox {sandboxId} started in {took.TotalMilliseconds:0} ms: uid {uid}, pid {processId}, {conversation}, network {network.ToString().ToLowerInvariant()}, {enforcement}");
    }

    /// <summary>After the process ended, so the files hold still; a failure costs the other hosts this copy, not the session.</summary>
    private void SaveSnapshot(SessionDirectories directories, Guid sessionId, SandboxLogFile log)
    {
        if (_snapshots is null)
        {
            return;
        }

        try
        {
            _snapshots.Save(directories, sessionId);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            log.System("The session's files could not be copied to the shared directory: " + exception.Message);
            SandboxLog.SnapshotFailed(_logger, sessionId, exception.Message);
        }
    }

    public Task DeleteAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var directories = Directories(sessionId);
        _snapshots?.Delete(sessionId);
        DeleteIfExists(directories.Run);
        DeleteIfExists(directories.Root);
        return Task.CompletedTask;
    }

    public Task<bool> HasFilesAsync(Guid sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(Directory.Exists(Directories(sessionId).Workspace) || _snapshots?.Exists(sessionId) == true);

    public Task ForkAsync(Guid parentSessionId, Guid childSessionId, CancellationToken cancellationToken)
    {
        var parent = Directories(parentSessionId);
        var child = Directories(childSessionId);
        if (_snapshots is not null && !Directory.Exists(parent.Workspace))
        {
            Directory.CreateDirectory(parent.Root);
            File.SetUnixFileMode(parent.Root, TraverseOnly);
            _snapshots.RestoreIfNewer(parent, parentSessionId);
        }

        if (!Directory.Exists(parent.Workspace))
        {
            throw new InvalidOperationException($"the files of session {parentSessionId} no longer exist");
        }

        Directory.CreateDirectory(child.Root);
        File.SetUnixFileMode(child.Root, TraverseOnly);
        if (Directory.Exists(child.Workspace) && Directory.Exists(child.Home))
        {
            return Task.CompletedTask;
        }

        // A running parent holds still while it is copied: an agent swapping files for links during
        // the copy could otherwise make the server (root) read host files into the child.
        var running = _limits.Cgroups?.Open(AgentCgroupName(parentSessionId));
        running?.Freeze();
        try
        {
            CopyForFork(parent, child, parentSessionId, childSessionId);
        }
        finally
        {
            running?.Thaw();
        }

        return Task.CompletedTask;
    }

    private static void CopyForFork(SessionDirectories parent, SessionDirectories child, Guid parentSessionId, Guid childSessionId)
    {
        // Both trees are built under a staging name and moved into place, so a crash mid-copy leaves
        // nothing that looks finished; a retry starts the copy over.
        var staging = Path.Combine(child.Root, "fork.staging");
        DeleteIfExists(staging);
        DeleteIfExists(child.Workspace);
        DeleteIfExists(child.Home);
        TreeCopier.ForSessionTree.Copy(parent.Workspace, Path.Combine(staging, "workspace"));
        var stagedHome = Path.Combine(staging, "home");
        if (Directory.Exists(parent.Home))
        {
            TreeCopier.ForSessionTree.Copy(parent.Home, stagedHome);
            ConversationCopy.Rename(Path.Combine(stagedHome, ".claude", "projects"), parentSessionId, childSessionId);
        }
        else
        {
            Directory.CreateDirectory(stagedHome);
        }

        Directory.Move(Path.Combine(staging, "workspace"), child.Workspace);
        Directory.Move(stagedHome, child.Home);
        Directory.Delete(staging, recursive: true);
    }

    public Task<int> ReapOrphansAsync(CancellationToken cancellationToken)
    {
        var reaped = OrphanReaper.Reap(_options.SandboxesDirectory);

        // Every cgroup of this data directory belonged to the previous run: empty and remove them all.
        foreach (var leaf in _limits.Cgroups?.ExistingLeaves() ?? [])
        {
            leaf.TryRemove();
        }

        return Task.FromResult(reaped);
    }

    /// <summary>Recursive delete removes symlinks themselves; it never follows them out of the tree.</summary>
    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private const UnixFileMode TraverseOnly =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private SessionDirectories Directories(Guid sessionId) => new(_options.SandboxesDirectory, _options.SocketDirectory, sessionId);

    private string RuntimeDirectory => Path.GetDirectoryName(_options.RuntimePath)!;

    private static string AgentCgroupName(Guid sessionId) => $"s-{sessionId:N}";
}
