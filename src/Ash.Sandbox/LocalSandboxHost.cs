using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Ash.Core.Agents;
using Ash.Core.Budgets;
using Ash.Core.Credentials;
using Ash.Core.Sandboxes;
using Ash.Core.Usage;
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
using Ash.Sandbox.Volumes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ash.Sandbox;

/// <summary>
/// Runs sandboxes on this machine: prepares session directories (the session's files on a volume of its
/// own, <see cref="SessionVolumes"/>), and starts the agent as its own unprivileged uid (setpriv) inside
/// bubblewrap, with an environment built from nothing and a model proxy as its only way out.
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
    private readonly IModelCredentialSource _credentials;
    private readonly IUsageSink _usage;
    private readonly BudgetGuard _budgets;
    private readonly ProcessSpawner _spawner;
    private readonly HttpClient _http;
    private readonly HttpClient _tenantHttp;
    private readonly ILogger<LocalSandboxHost> _logger;
    private readonly SandboxUidPool _uids;
    private readonly LimitEnforcement _limits;
    private readonly TimeProvider _time;
    private readonly SessionSnapshots? _snapshots;
    private readonly SessionVolumes _volumes;
    private int _liveCount;

    /// <summary>Instruments of the model and egress proxies (issue 14); null where nothing measures.</summary>
    public ModelProxyMetrics? ModelProxyMetrics { get; init; }

    public EgressMetrics? EgressMetrics { get; init; }

    public LocalSandboxHost(IOptions<SandboxOptions> options, LimitEnforcement limits, SessionVolumes volumes, ModelUpstream upstream, IModelCredentialSource credentials, IUsageSink usage, BudgetGuard budgets, ProcessSpawner spawner, HttpClient http, HttpClient tenantHttp, TimeProvider time, ILogger<LocalSandboxHost> logger)
    {
        _budgets = budgets;
        _time = time;
        _volumes = volumes;
        _options = options.Value;
        _limits = limits;
        _upstream = upstream;
        _credentials = credentials;
        _usage = usage;
        _spawner = spawner;
        _http = http;
        _tenantHttp = tenantHttp;
        _logger = logger;
        Directory.CreateDirectory(_options.SocketDirectory);
        Seccomp.SeccompProfile.WriteTo(_options.SeccompProgramPath);
        _snapshots = string.IsNullOrEmpty(_options.SnapshotDirectory) ? null : new SessionSnapshots(_options.SnapshotDirectory);
        _uids = new SandboxUidPool(_options.FirstUid, _options.UidCount, Path.Combine(_options.SocketDirectory, "uids"));
    }

    public int LiveCount => Volatile.Read(ref _liveCount);

    public async Task PrepareAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        using var volume = await PrepareVolumeAsync(spec, cancellationToken);
    }

    /// <summary>The session's files, ready: its volume mounted (made with the agent's limits when new), the workspace holding the agent's folder. The caller holds the lease while it uses them.</summary>
    private async Task<VolumeLease> PrepareVolumeAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        var directories = Directories(spec.SessionId);
        var limits = SandboxLimits.Resolve(spec.Config.Limits, _limits.Defaults);

        // Makes the session directory when it has none (a new session takes a whole one from the volume pool).
        var volume = await _volumes.OpenAsync(directories, VolumeProfile.Of(limits), cancellationToken);
        try
        {
            File.SetUnixFileMode(directories.Root, DirectoryModes.TraverseOnly);
            // Another host may have run the session since this one last did: its snapshot is then newer.
            if (_snapshots?.RestoreIfNewer(directories, spec.SessionId) == true)
            {
                Ownership.Forget(directories);
            }

            if (!Directory.Exists(directories.Workspace))
            {
                // Copy into a temporary name first so a crash never leaves a half-copied workspace behind.
                Ownership.Forget(directories);
                var staging = directories.Workspace + ".staging";
                DirectoryDeletion.DeleteIfExists(staging);
                TreeCopier.ForAgentFolder.Copy(spec.AgentPath, staging);
                Directory.Move(staging, directories.Workspace);
            }

            Directory.CreateDirectory(directories.Home);
            Directory.CreateDirectory(_options.SocketDirectory);
            File.SetUnixFileMode(_options.SocketDirectory, DirectoryModes.TraverseOnly);
            Directory.CreateDirectory(directories.Run);
            File.SetUnixFileMode(directories.Run, DirectoryModes.TraverseOnly);
            return volume;
        }
        catch
        {
            volume.Dispose();
            throw;
        }
    }

    public async Task<ISandboxProcess> StartAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        // Everything below is synchronous until the spawn; a caller that starts the sandbox in the background
        // (create, fork, cold resume) must not run it on its own request's thread (DESIGN.md §4).
        await Task.Yield();
        var started = Stopwatch.StartNew();
        var volume = await PrepareVolumeAsync(spec, cancellationToken);
        var directories = Directories(spec.SessionId);
        var sandboxId = $"sbx-{spec.SessionId:N}";
        var limits = SandboxLimits.Resolve(spec.Config.Limits, _limits.Defaults);
        var log = SandboxLogFile.Open(directories.Logs, _time);
        int uid;
        try
        {
            uid = _uids.Rent(Ownership.RecordedOwner(directories));
        }
        catch (Exception exception)
        {
            log.System("The sandbox could not start: " + exception.Message);
            log.Dispose();
            volume.Dispose();
            throw;
        }

        ModelProxyListener? proxy = null;
        EgressProxyListener? egress = null;
        CgroupLeaf? cgroup = null;
        try
        {
            Ownership.GiveSession(directories, uid);
            SyntheticEtc.Write(directories.Etc, uid);
            var mcpConfig = McpConfigFile.Merge(directories.Workspace, spec.Options.McpServersJson)
                ? $"{SandboxPaths.Workspace}/{McpConfigFile.FileName}"
                : null;

            var token = "sbx_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            var upstream = new SandboxUpstream(_upstream, _credentials, spec.TenantId, spec.Options.CredentialId, _tenantHttp, _options.ModelProxy.BedrockEndpointUri);
            var bedrockRegion = await BedrockRegionAsync(spec, cancellationToken);
            var usage = new SandboxUsage(_usage, _budgets.Turns, spec.TenantId, spec.SessionId, spec.AgentName, _time, ModelProxyMetrics);
            var budget = new SandboxBudget(_budgets, spec.TenantId, spec.AgentName, spec.SessionId);
            var owner = new ProxyOwner(spec.SessionId, spec.TenantId, spec.AgentName);
            proxy = ModelProxyListener.Start(directories.ModelSocket, uid, sandboxId, token, upstream, usage, budget, _http, _options.ModelProxy, _time, _logger, ModelProxyMetrics, owner);
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

                egress = EgressProxyListener.Start(directories.EgressSocket, uid, sandboxId, policy, _logger, metrics: EgressMetrics);
            }

            var resume = directories.HasConversation(spec.SessionId);
            var runtimeInside = $"{SandboxPaths.RuntimeDirectory}/{Path.GetFileName(_options.RuntimePath)}";
            var command = new List<string> { "/bin/sh", "-c", Launcher, runtimeInside };
            command.AddRange(ClaudeArguments.Build(spec.SessionId, resume, spec.Options, _options.DefaultPermissionMode, mcpConfig));
            var environment = SandboxEnvironment.Build(_options.ModelProxyPort, token, spec.AgentEnv, spec.Options.ExtraEnv, bedrockRegion);
            environment["ASH_PROXY_PORT"] = _options.ModelProxyPort.ToString(CultureInfo.InvariantCulture);
            if (egress is not null)
            {
                EgressEnvironment.AddTo(environment, EgressPort);
                environment["ASH_EGRESS_PORT"] = EgressPort.ToString(CultureInfo.InvariantCulture);
            }

            var shareNetwork = network.Mode == NetworkMode.Full;
            long? fileSizeLimit = _volumes.Enabled ? null : limits.DiskBytes;
            var startInfo = SandboxCommand.Build(_options, uid, cgroup, fileSizeLimit, BwrapArguments.Build(directories, RuntimeDirectory, uid, shareNetwork), command, environment);

            // Commands run beside the agent get its files, uid and cgroup, but not its model token.
            var execEnvironment = SandboxEnvironment.ForCommands(spec.AgentEnv, spec.Options.ExtraEnv);
            var execCgroup = cgroup;
            var exec = new SandboxExec(_spawner, log, execCommand =>
                SandboxCommand.Build(_options, uid, execCgroup, fileSizeLimit, BwrapArguments.Build(directories, RuntimeDirectory, uid, shareNetwork), execCommand, execEnvironment));

            var process = await _spawner.StartAsync(startInfo);
            Interlocked.Increment(ref _liveCount);
            var record = ProcessRecord.ForRunning(process.Id);
            record?.Write(directories.ProcessRecord);
            SandboxLog.Started(_logger, sandboxId, uid, process.Id, resume);
            // The volume's own size and file count: a session keeps the volume it was made with when its agent's
            // limits or the server's defaults change (the agent's are a stand-in only if its record was lost).
            VolumeProfile? disk = _volumes.Enabled ? volume.Profile ?? VolumeProfile.Of(limits) : null;
            log.System(StartedLine(sandboxId, started.Elapsed, uid, process.Id, limits, disk, cgroup is not null, network.Mode, resume));

            var owned = (proxy, egress, cgroup, volume);
            proxy = null;
            egress = null;
            cgroup = null;
            var watch = disk is { } made ? new VolumeWatch(directories.Volume, made.DiskBytes, made.MaxFiles, _time, _logger) : null;
            return new LocalSandboxProcess(sandboxId, process, record?.StartTime, owned.proxy, owned.egress, owned.cgroup, limits, watch, exec, log, _options.MaxLineBytes, () =>
            {
                Interlocked.Decrement(ref _liveCount);
                File.Delete(directories.ProcessRecord);
                _uids.Return(uid);
                SaveSnapshot(directories, spec.SessionId, log);
                owned.volume.Dispose();
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
            volume.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The region of the session's credential when it is a <c>bedrock</c> one (the CLI then starts in Bedrock mode), else
    /// null. A credential deleted or unusable by now starts the CLI in Messages mode: its proxy refuses every call anyway,
    /// naming the credential. The keys are not kept: the proxy opens the credential again for each request.
    /// </summary>
    private async Task<string?> BedrockRegionAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Options.CredentialId is not { } id)
        {
            return null;
        }

        var opened = await _credentials.OpenAsync(spec.TenantId, id, cancellationToken);
        if (!opened.IsSuccess || opened.Value!.Type != CredentialTypes.Bedrock)
        {
            return null;
        }

        var key = BedrockKey.Parse(opened.Value.Key);
        return key.IsSuccess ? key.Value!.Region : null;
    }

    private static string StartedLine(string sandboxId, TimeSpan took, int uid, int processId, SandboxLimits limits, VolumeProfile? volume, bool enforced, NetworkMode network, bool resume)
    {
        var conversation = resume ? "continuing its conversation" : "new conversation";
        var disk = volume is { } made
            ? string.Create(CultureInfo.InvariantCulture, $"a volume of {made.DiskMb} MiB and {made.MaxFiles} files")
            : string.Create(CultureInfo.InvariantCulture, $"files of at most {limits.DiskMb} MiB each (no volume)");
        var enforcement = enforced
            ? string.Create(CultureInfo.InvariantCulture, $"limits {limits.MemoryMb} MiB memory, {limits.MaxProcesses} processes, {limits.Cpus:0.##} CPU, {disk}")
            : string.Create(CultureInfo.InvariantCulture, $"no cgroup limits (allowed by the server), {disk}");
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

    public async Task DeleteAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var directories = Directories(sessionId);
        _snapshots?.Delete(sessionId);
        await _volumes.DeleteAsync(directories, cancellationToken);
        DirectoryDeletion.DeleteIfExists(directories.Run);
        DirectoryDeletion.DeleteIfExists(directories.Root);
    }

    public Task<bool> HasFilesAsync(Guid sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(_volumes.HasFiles(Directories(sessionId)) || _snapshots?.Exists(sessionId) == true);

    public async Task ForkAsync(Guid parentSessionId, Guid childSessionId, CancellationToken cancellationToken)
    {
        var parent = Directories(parentSessionId);
        var child = Directories(childSessionId);
        Directory.CreateDirectory(parent.Root);
        File.SetUnixFileMode(parent.Root, DirectoryModes.TraverseOnly);
        using var parentVolume = await OpenParentAsync(parent, parentSessionId, cancellationToken)
            ?? throw new InvalidOperationException($"the files of session {parentSessionId} no longer exist");

        Directory.CreateDirectory(child.Root);
        File.SetUnixFileMode(child.Root, DirectoryModes.TraverseOnly);
        if (parentVolume.FromBeforeVolumes)
        {
            // The parent's files are not on a volume yet, and so the child's are not either: its first start moves
            // them into one made with its agent's limits, which nothing here knows.
            var gathered = LegacyFiles.Container(child);
            if (!Directory.Exists(gathered))
            {
                var staging = Path.Combine(child.Root, "fork.staging");
                CopyWhileFrozen(parentVolume, staging, parentSessionId, childSessionId);
                Directory.Move(staging, gathered);
            }

            return;
        }

        // The child is a copy: its volume has the parent's size and file count.
        using var childVolume = await _volumes.OpenAsync(child, parentVolume.Profile ?? _limits.Volumes.DefaultProfile, cancellationToken);
        if (Directory.Exists(childVolume.Workspace) && Directory.Exists(childVolume.Home))
        {
            return;
        }

        // Both trees are built under a staging name (on the child's volume, so the moves are renames) and moved
        // into place, so a crash mid-copy leaves nothing that looks finished; a retry starts the copy over.
        var onVolume = Path.Combine(childVolume.Staging, "fork.staging");
        CopyWhileFrozen(parentVolume, onVolume, parentSessionId, childSessionId);
        DirectoryDeletion.DeleteIfExists(childVolume.Workspace);
        DirectoryDeletion.DeleteIfExists(childVolume.Home);
        Directory.Move(Path.Combine(onVolume, "workspace"), childVolume.Workspace);
        Directory.Move(Path.Combine(onVolume, "home"), childVolume.Home);
        Directory.Delete(onVolume, recursive: true);
    }

    /// <summary>
    /// The parent's files; restored from the shared directory first when this host has none (or older ones).
    /// Files from before volumes are used as they are: a snapshot is restored into a volume, which they are not on yet.
    /// </summary>
    private async Task<VolumeLease?> OpenParentAsync(SessionDirectories parent, Guid parentSessionId, CancellationToken cancellationToken)
    {
        var existing = await _volumes.OpenExistingAsync(parent, cancellationToken);
        if (_snapshots is null || !_snapshots.Exists(parentSessionId) || existing is { FromBeforeVolumes: true })
        {
            return existing;
        }

        var volume = existing ?? await _volumes.OpenAsync(parent, _limits.Volumes.DefaultProfile, cancellationToken);
        try
        {
            if (_snapshots.RestoreIfNewer(parent, parentSessionId))
            {
                Ownership.Forget(parent);
            }
        }
        catch
        {
            volume.Dispose();
            throw;
        }

        return Directory.Exists(parent.Workspace) ? volume : Released(volume);
    }

    private static VolumeLease? Released(VolumeLease volume)
    {
        volume.Dispose();
        return null;
    }

    /// <summary>
    /// Copies the parent's workspace and home into <paramref name="staging"/> (the conversation renamed to the
    /// child's). A running parent holds still meanwhile: an agent swapping files for links during the copy
    /// could otherwise make the server (root) read host files into the child.
    /// </summary>
    private void CopyWhileFrozen(VolumeLease parent, string staging, Guid parentSessionId, Guid childSessionId)
    {
        Ownership.Forget(Directories(childSessionId));
        DirectoryDeletion.DeleteIfExists(staging);
        var running = _limits.Cgroups?.Open(AgentCgroupName(parentSessionId));
        running?.Freeze();
        try
        {
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
        }
        finally
        {
            running?.Thaw();
        }
    }

    public Task<int> ReapOrphansAsync(CancellationToken cancellationToken)
    {
        var reaped = OrphanReaper.Reap(_options.SandboxesDirectory);

        // After kill -9 the previous run's volumes are still mounted: take them off now that no sandbox of
        // it is left, so each is mounted afresh when its session is next used.
        _volumes.DetachLeftovers();

        // Every cgroup of this data directory belonged to the previous run: empty and remove them all.
        foreach (var leaf in _limits.Cgroups?.ExistingLeaves() ?? [])
        {
            leaf.TryRemove();
        }

        return Task.FromResult(reaped);
    }

    private SessionDirectories Directories(Guid sessionId) => new(_options.SandboxesDirectory, _options.SocketDirectory, sessionId);

    private string RuntimeDirectory => Path.GetDirectoryName(_options.RuntimePath)!;

    private static string AgentCgroupName(Guid sessionId) => $"s-{sessionId:N}";
}
