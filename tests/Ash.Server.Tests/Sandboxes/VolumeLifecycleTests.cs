using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Sandbox.Limits;
using Ash.Sandbox.Volumes;
using Ash.Server.Tests.Adversarial;
using Ash.Testing.Common;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Sandboxes;

/// <summary>
/// A session's volume across the server's own life (issue 12): files from before volumes move into one,
/// a server killed with SIGKILL leaves its volumes mounted and the next start takes them off, an ended
/// session's volume goes with its files, and a stopped server leaves no mount and no loop device.
/// </summary>
public sealed class VolumeLifecycleTests
{
    private static readonly Uri NoModel = new("http://127.0.0.1:9");

    private static string VolumeOf(string dataDirectory, Guid session) =>
        Path.Combine(dataDirectory, "sandboxes", session.ToString("D"), "volume");

    [Fact]
    public async Task FilesFromBeforeVolumes_AndFromAServerWithoutThem_MoveIntoVolumes_OnNextUse()
    {
        var data = TestServer.NewDataDirectory();
        var database = await TestDatabase.NewAsync();
        try
        {
            Guid old;
            Guid plain;
            await using (var before = await TestServer.StartOnAsync(data, database, NoModel, "sk-unused", ProbeFixture.RuntimePath, new Dictionary<string, string?> { ["Ash:Sandbox:Volumes:Enabled"] = "false" }))
            {
                var agent = await Api.DeployAgentAsync(before.Http);
                old = await Api.CreateSessionAsync(before.Http, agent);
                plain = await Api.CreateSessionAsync(before.Http, agent);
                foreach (var session in new[] { old, plain })
                {
                    // The link to / must neither be followed nor size the volume when the files move in.
                    await new ProbeSession(before.Http, session).RunAsync("echo before > /workspace/kept.txt; mkdir -p $HOME/.notes; echo home > $HOME/.notes/n; ln -s / $HOME/r");
                    await Api.ChangeAsync(before.Http, session, "stop");
                }

                Assert.Empty(HostMounts.Below(data));
            }

            // The first session as a data directory from before volumes keeps it: workspace/ and home/ in the session directory.
            var sessionDirectory = Path.GetDirectoryName(VolumeOf(data, old))!;
            Directory.Move(Path.Combine(VolumeOf(data, old), "workspace"), Path.Combine(sessionDirectory, "workspace"));
            Directory.Move(Path.Combine(VolumeOf(data, old), "home"), Path.Combine(sessionDirectory, "home"));
            Directory.Delete(VolumeOf(data, old));

            await using var after = await TestServer.StartOnAsync(data, database, NoModel, "sk-unused", ProbeFixture.RuntimePath);
            var defaults = after.Services.GetRequiredService<LimitEnforcement>().Volumes.DefaultProfile;
            foreach (var session in new[] { old, plain })
            {
                // A file request serves them where they are: only a sandbox start, which knows the agent's limits, moves them.
                Assert.Equal("before\n", await after.Http.GetStringAsync($"/api/sessions/{session}/files/kept.txt"));
                Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(VolumeOf(data, session))!, "volume.img")));

                await Api.ChangeAsync(after.Http, session, "resume");
                var read = await new ProbeSession(after.Http, session).RunAsync("cat /workspace/kept.txt $HOME/.notes/n; grep ' /workspace ' /proc/self/mountinfo; readlink $HOME/r");

                Assert.Contains("before\nhome\n", read.Output);
                Assert.Contains(" - ext4 /dev/loop", read.Output);
                Assert.EndsWith("\n/", read.Output.TrimEnd('\n'));
                Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(VolumeOf(data, session))!, "volume.img")));
                Assert.Equal(defaults, VolumeProfile.Read(Path.Combine(Path.GetDirectoryName(VolumeOf(data, session))!, "volume.profile")));
                Assert.NotNull(HostMounts.Describe(VolumeOf(data, session)));
            }

            Assert.False(Directory.Exists(Path.Combine(sessionDirectory, "workspace")));
            Assert.False(Directory.Exists(Path.Combine(sessionDirectory, "home")));
            Assert.False(Directory.Exists(VolumeOf(data, plain) + ".plain"));
            Assert.False(Directory.Exists(VolumeOf(data, plain) + ".migrated"));
        }
        finally
        {
            HostMounts.DetachBelow(data);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task ASessionKeepsTheVolumeItWasMadeWith_WhenTheDefaultsGrow_AndItsLimitIsReportedFromThatVolume()
    {
        var data = TestServer.NewDataDirectory();
        var database = await TestDatabase.NewAsync();
        try
        {
            Guid session;
            await using (var before = await TestServer.StartOnAsync(data, database, NoModel, "sk-unused", ProbeFixture.RuntimePath, new Dictionary<string, string?> { ["Ash:Sandbox:Limits:DiskMb"] = "64" }))
            {
                session = await Api.CreateSessionAsync(before.Http, await Api.DeployAgentAsync(before.Http));
                await new ProbeSession(before.Http, session).RunAsync("echo made");
                await Api.ChangeAsync(before.Http, session, "stop");
            }

            await using var after = await TestServer.StartOnAsync(data, database, NoModel, "sk-unused", ProbeFixture.RuntimePath, new Dictionary<string, string?> { ["Ash:Sandbox:Limits:DiskMb"] = "128" });
            await Api.ChangeAsync(after.Http, session, "resume");
            var frames = await new ProbeSession(after.Http, session).SendAsync("dd if=/dev/zero of=/workspace/big bs=1M count=100 2>/dev/null; echo dd=$?");

            Assert.Contains("dd=1", ProbeResult.From(frames).Output);
            var hit = Assert.Single(frames, frame => frame.Event == "resource_limit");
            Assert.Equal(64L * 1024 * 1024, hit.Json.GetProperty("limit").GetInt64());
            var logs = await after.Http.GetStringAsync($"/api/sessions/{session}/logs");
            Assert.Contains("a volume of 64 MiB and", logs);
            Assert.DoesNotContain("a volume of 128 MiB", logs);
        }
        finally
        {
            HostMounts.DetachBelow(data);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task AKilledServersVolumes_StayMounted_UntilTheNextStartDetachesThem_ThenTheFilesAreServed()
    {
        var data = TestServer.NewDataDirectory();
        var database = await TestDatabase.NewAsync();
        var port = ServerProcess.FreePort();
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        try
        {
            var first = await ServerProcess.StartAsync(data, database, port, model.BaseUrl, PlatformFixture.RealModelKey);
            Guid session;
            using (var http = first.CreateClient())
            {
                session = await Api.CreateSessionAsync(http, await Api.DeployAgentAsync(http));
                await Api.SendAsync(http, session, "[[bash:echo survived > kept.txt]]");
            }

            Assert.NotNull(HostMounts.Describe(VolumeOf(data, session)));
            await first.KillHardAsync();
            Assert.NotNull(HostMounts.Describe(VolumeOf(data, session)));
            var pool = Path.Combine(data, "sandboxes", ".volume-pool");
            var leftPooled = HostMounts.Below(pool);
            Assert.NotEmpty(leftPooled);

            await using var second = await ServerProcess.StartAsync(data, database, port, model.BaseUrl, PlatformFixture.RealModelKey);

            Assert.Null(HostMounts.Describe(VolumeOf(data, session)));
            using var client = second.CreateClient();
            Assert.Equal("survived\n", await client.GetStringAsync($"/api/sessions/{session}/files/kept.txt"));
            Assert.Equal([VolumeOf(data, session)], HostMounts.Below(Path.Combine(data, "sandboxes")).Where(mountPoint => !mountPoint.StartsWith(pool + "/", StringComparison.Ordinal)));

            // The killed server's ready volumes were removed; the new one's pool holds its own.
            await Eventually.TrueAsync(() => leftPooled.All(mountPoint => HostMounts.Describe(mountPoint) is null), "the killed server's pooled volumes to be unmounted");
        }
        finally
        {
            HostMounts.DetachBelow(data);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task AnEndedSessionsVolume_GoesWithItsFiles_AndAStoppedServerLeavesNoMount()
    {
        string data;
        string image;
        Guid kept;
        await using (var server = await TestServer.StartAsync(NoModel, "sk-unused", ProbeFixture.RuntimePath, new Dictionary<string, string?> { ["Ash:Sessions:FileRetention"] = "00:00:01" }))
        {
            data = server.DataDirectory;
            var agent = await Api.DeployAgentAsync(server.Http);
            var ended = await Api.CreateSessionAsync(server.Http, agent);
            kept = await Api.CreateSessionAsync(server.Http, agent);
            await new ProbeSession(server.Http, ended).RunAsync("echo bye > /workspace/f");
            await new ProbeSession(server.Http, kept).RunAsync("echo kept > /workspace/f");
            image = LoopBacking.Canonical(Path.Combine(server.SessionDirectoryOf(ended), "volume.img"));

            await Api.ChangeAsync(server.Http, ended, "delete");
            await Eventually.TrueAsync(() => !Directory.Exists(server.SessionDirectoryOf(ended)), "the ended session's files to be removed after the retention");

            Assert.Empty(HostMounts.Below(server.SessionDirectoryOf(ended)));
            await LoopBacking.WaitUntilReleasedAsync(image);
            Assert.NotNull(HostMounts.Describe(VolumeOf(data, kept)));
            image = LoopBacking.Canonical(Path.Combine(server.SessionDirectoryOf(kept), "volume.img"));
        }

        // Disposing the server asserted that it left no mount; its loop devices went with the mounts.
        Assert.Empty(HostMounts.Below(data));
        await LoopBacking.WaitUntilReleasedAsync(image);
    }

    [Fact]
    public async Task WhenEveryVolumeItMayMountIsInUse_ACreateFailsAtOnceSayingSo_AndWorksOnceOneIsFree()
    {
        await using var server = await TestServer.StartAsync(NoModel, "sk-unused", ProbeFixture.RuntimePath, new Dictionary<string, string?>
        {
            ["Ash:Sandbox:Volumes:MaxMounted"] = "1",
            ["Ash:Sandbox:Volumes:PoolSize"] = "0",
        });
        var agent = await Api.DeployAgentAsync(server.Http);
        var running = await Api.CreateSessionAsync(server.Http, agent);
        await new ProbeSession(server.Http, running).RunAsync("echo holding its volume");

        var started = DateTime.UtcNow;
        using var refused = await server.Http.PostAsJsonAsync("/api/sessions", new { agent });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var body = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("All 1 session volumes this server may mount are in use (Ash:Sandbox:Volumes:MaxMounted)", body["error"]!.GetValue<string>());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "a refused create must not wait");

        await Api.ChangeAsync(server.Http, running, "stop");
        var next = await Api.CreateSessionAsync(server.Http, agent);
        Assert.Equal("ready", (await new ProbeSession(server.Http, next).RunAsync("echo ready")).Output.Trim());
    }
}
