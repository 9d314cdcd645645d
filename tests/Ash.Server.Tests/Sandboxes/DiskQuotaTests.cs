using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Sandbox.Volumes;
using Ash.Server.Tests.Adversarial;
using Ash.Testing.Common;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Sandboxes;

/// <summary>The probe runtime on a server whose sessions get 64 MiB and 2,000 files by default.</summary>
public sealed class SmallVolumeProbeFixture : ProbeFixture
{
    public const long DiskMb = 64;
    public const long MaxFiles = 2_000;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Ash:Sandbox:Limits:DiskMb"] = DiskMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ash:Sandbox:Limits:MaxFiles"] = MaxFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Disk and inode quotas enforced by the kernel (issue 12): each session's workspace and home on an ext4
/// volume of its own, so the agent gets ENOSPC at its limit, the turn reports it with a <c>resource_limit</c>
/// event, and the session carries on once files are deleted. The volume is mounted whenever the session's
/// files are used, also after it was unmounted while idle or behind the server's back.
/// </summary>
public sealed class DiskQuotaTests(SmallVolumeProbeFixture probe) : IClassFixture<SmallVolumeProbeFixture>
{
    private const long Quota = SmallVolumeProbeFixture.DiskMb * 1024 * 1024;

    private TestServer Server => probe.Server;

    private static IEnumerable<SseFrame> LimitHits(IEnumerable<SseFrame> frames) => frames.Where(f => f.Event == "resource_limit");

    private string VolumeOf(Guid session) => Path.Combine(Server.SessionDirectoryOf(session), "volume");

    [Fact]
    public async Task AFileLargerThanTheQuota_GetsNoSpaceLeft_TheTurnSaysSo_AndAfterDeletingTheSessionWritesAgain()
    {
        await using var session = await probe.StartSessionAsync();

        var frames = await session.SendAsync("dd if=/dev/zero of=/workspace/big bs=1M count=200 2>/tmp/dd.err; echo dd=$?; cat /tmp/dd.err; stat -c size=%s /workspace/big");

        var output = ProbeResult.From(frames).Output;
        Assert.Contains("No space left on device", output);
        Assert.Contains("dd=1", output);
        var size = long.Parse(output.Split("size=")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(size, Quota - (2 * 1024 * 1024), Quota + (2 * 1024 * 1024));
        var hit = Assert.Single(LimitHits(frames));
        Assert.Equal("disk", hit.Json.GetProperty("resource").GetString());
        Assert.Equal(Quota, hit.Json.GetProperty("limit").GetInt64());
        Assert.DoesNotContain(frames, f => f.Event == "error");
        Assert.Equal("done", frames[^1].Event);
        var host = HostMounts.Usage(Server.WorkspaceOf(session.Id));
        Assert.True(host.AvailableBytes < 3 * 1024 * 1024, $"the host sees {host.AvailableBytes} bytes still free on the full volume");
        Assert.Equal("active", await Api.StatusOfAsync(Server.Http, session.Id));

        var again = await session.SendAsync("rm /workspace/big; head -c 10485760 /dev/zero > /workspace/small; echo wrote=$?");

        Assert.Contains("wrote=0", ProbeResult.From(again).Output);
        Assert.Empty(LimitHits(again));
        Assert.Equal(10L * 1024 * 1024, new FileInfo(Path.Combine(Server.WorkspaceOf(session.Id), "small")).Length);
    }

    [Fact]
    public async Task TheWorkspaceAndHome_AreOneExt4VolumeOfTheirOwn_NosuidNodev_WhereScriptsStillRun()
    {
        await using var session = await probe.StartSessionAsync();

        var result = await session.RunAsync(
            "grep ' /workspace ' /proc/self/mountinfo; grep \" $HOME \" /proc/self/mountinfo; df -k /workspace | tail -n 1\n" +
            "printf '#!/bin/sh\\necho script-ran\\n' > /workspace/s.sh && chmod +x /workspace/s.sh && /workspace/s.sh");

        var lines = result.Output.Split('\n');
        var workspace = lines.First(line => line.Contains(" /workspace ", StringComparison.Ordinal));
        var home = lines.First(line => line.Contains(" ext4 ", StringComparison.Ordinal) && !line.Contains(" /workspace ", StringComparison.Ordinal));
        Assert.Contains("nosuid", workspace);
        Assert.Contains("nodev", workspace);
        Assert.DoesNotContain("noexec", workspace);
        Assert.Contains(" - ext4 ", workspace);
        Assert.Equal(workspace.Split(' ')[2], home.Split(' ')[2]);
        Assert.DoesNotContain(Server.DataDirectory, result.Output);
        Assert.Contains("script-ran", result.Output);

        var host = HostMounts.Describe(VolumeOf(session.Id));
        Assert.NotNull(host);
        Assert.Contains(" - ext4 /dev/loop", host);
        Assert.InRange(HostMounts.Usage(VolumeOf(session.Id)).AvailableBytes, Quota - (1024 * 1024), Quota + (1024 * 1024));
    }

    [Fact]
    public async Task AStoppedSessionsFiles_AreServedAfterItsVolumeWasUnmounted_OrLostItsMount_AndExecStartsItAgain()
    {
        var session = await probe.StartSessionAsync();
        await session.RunAsync("echo kept > /workspace/kept.txt");
        await Api.ChangeAsync(Server.Http, session.Id, "stop");
        var volumes = Server.Services.GetRequiredService<SessionVolumes>();
        await Eventually.TrueAsync(() => volumes.UnmountIdle(TimeSpan.Zero) > 0 || HostMounts.Describe(VolumeOf(session.Id)) is null, $"the volume of session {session.Id} to be unmounted");
        Assert.Null(HostMounts.Describe(VolumeOf(session.Id)));

        Assert.Equal("kept\n", await Server.Http.GetStringAsync($"/api/sessions/{session.Id}/files/kept.txt"));
        Assert.NotNull(HostMounts.Describe(VolumeOf(session.Id)));

        // As after a reboot: the mount is gone and the server was not told.
        Assert.NotEmpty(HostMounts.DetachBelow(Server.SessionDirectoryOf(session.Id)));
        Assert.Equal("kept\n", await Server.Http.GetStringAsync($"/api/sessions/{session.Id}/files/kept.txt"));

        await Api.ChangeAsync(Server.Http, session.Id, "resume");
        using var exec = await Server.Http.PostAsJsonAsync($"/api/sessions/{session.Id}/exec", new { command = "cat /workspace/kept.txt" });
        Assert.Equal(HttpStatusCode.OK, exec.StatusCode);
        Assert.Equal("kept\n", (await exec.Content.ReadFromJsonAsync<JsonObject>())!["stdout"]!.GetValue<string>());
        await session.DisposeAsync();
    }

    [Fact]
    public async Task ADownloadStillStreaming_KeepsTheStoppedSessionsVolumeMounted_UntilItEnds()
    {
        var session = await probe.StartSessionAsync();
        await session.RunAsync("head -c 40000000 /dev/zero > /workspace/big; echo written");
        await Api.ChangeAsync(Server.Http, session.Id, "stop");
        var volumes = Server.Services.GetRequiredService<SessionVolumes>();

        // Unmounted once the stopped sandbox let go of it: from here on the download alone holds it.
        await Eventually.TrueAsync(() => volumes.UnmountIdle(TimeSpan.Zero) > 0 || HostMounts.Describe(VolumeOf(session.Id)) is null, $"the volume of session {session.Id} to be unmounted");

        // More than the socket buffers hold: the server is still reading the file while the client waits.
        var download = await Server.Http.GetAsync($"/api/sessions/{session.Id}/files/big", HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30));
        using (download)
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(0, volumes.UnmountIdle(TimeSpan.Zero));
            Assert.NotNull(HostMounts.Describe(VolumeOf(session.Id)));
        }

        // The client went: the server disposes the stream, and with it the lease.
        await Eventually.TrueAsync(() => volumes.UnmountIdle(TimeSpan.Zero) > 0 || HostMounts.Describe(VolumeOf(session.Id)) is null, $"the volume of session {session.Id} to be unmounted");
        Assert.Null(HostMounts.Describe(VolumeOf(session.Id)));
        await session.DisposeAsync();
    }

    [Fact]
    public async Task AFork_GetsAVolumeOfItsOwn_WithTheParentsFiles()
    {
        await using var parent = await probe.StartSessionAsync();
        await parent.RunAsync("echo from-parent > /workspace/p.txt");

        var forked = await Api.ChangeAsync(Server.Http, parent.Id, "fork", HttpStatusCode.Created);
        await using var child = new ProbeSession(Server.Http, Guid.Parse(forked["id"]!.GetValue<string>()));
        var read = await child.RunAsync("cat /workspace/p.txt; echo from-child > /workspace/c.txt; df -k /workspace | tail -n 1");

        Assert.Contains("from-parent", read.Output);
        Assert.DoesNotContain("c.txt", (await parent.RunAsync("ls /workspace")).Output);
        var parentSource = HostMounts.Describe(VolumeOf(parent.Id))!.Split(" - ")[1].Split(' ')[1];
        var childSource = HostMounts.Describe(VolumeOf(child.Id))!.Split(" - ")[1].Split(' ')[1];
        Assert.StartsWith("/dev/loop", childSource);
        Assert.NotEqual(parentSource, childSource);
        Assert.InRange(HostMounts.Usage(VolumeOf(child.Id)).SizeBytes, Quota, Quota * 2);
    }

    [Fact]
    public async Task AnAgentsOwnDiskAndFileLimits_SizeTheVolumeItsSessionGetsAtCreate()
    {
        var agent = await Api.DeployAgentAsync(Server.Http, AgentFolders.Create("""{ "limits": { "diskMb": 24, "maxFiles": 1500 } }"""));
        await using var session = new ProbeSession(Server.Http, await Api.CreateSessionAsync(Server.Http, agent));

        // Made by the create's prepare step, before any process: with the agent's limits, not the server's defaults.
        Assert.Equal(new VolumeProfile(24 * 1024 * 1024, 1500), VolumeProfile.Read(Path.Combine(Server.SessionDirectoryOf(session.Id), "volume.profile")));
        var df = await session.RunAsync("df -k --output=size /workspace | tail -n 1");
        Assert.InRange(long.Parse(df.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture), 20 * 1024, 30 * 1024);
    }

    [Fact]
    public async Task Health_SaysDiskAndFileQuotasAreEnforcedByVolumes()
    {
        var limits = (await Api.GetJsonAsync(Server.Http, "/health"))["sandbox"]!["limits"]!;

        Assert.Equal("ext4-volume", limits["disk"]!.GetValue<string>());
        Assert.True(limits["diskQuotaEnforced"]!.GetValue<bool>());
        Assert.Equal(SmallVolumeProbeFixture.DiskMb, limits["diskMb"]!.GetValue<long>());
        Assert.Equal(SmallVolumeProbeFixture.MaxFiles, limits["maxFiles"]!.GetValue<long>());
    }
}
