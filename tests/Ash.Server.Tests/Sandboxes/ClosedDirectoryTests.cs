using Ash.Sandbox.Volumes;
using Ash.Server.Tests.Adversarial;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Sandboxes;

/// <summary>
/// A data directory and a runtime below a directory only root may enter (root's home, a <c>mktemp -d</c>
/// directory): the sandbox uids cannot pass through it, so the server reaches both through bind mounts of
/// its own, and sandboxes run as anywhere else.
/// </summary>
public sealed class ClosedDirectoryTests
{
    private const string ReachRoot = "/run/ash/reach";

    [Fact]
    public async Task DataDirectoryAndRuntime_Below0700Directory_SandboxesRunAndTheMountsGoAtShutdown()
    {
        var closed = Path.Combine(Path.GetTempPath(), "ash-tests", "closed-" + Guid.NewGuid().ToString("N"));
        var runtime = Path.Combine(closed, "runtime");
        var data = Path.Combine(closed, "data");
        Directory.CreateDirectory(runtime);
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(ProbeFixture.RuntimePath)!))
        {
            File.Copy(file, Path.Combine(runtime, Path.GetFileName(file)));
        }

        try
        {
            List<string> reached;
            await using (var server = await TestServer.StartOnAsync(data, await TestDatabase.NewAsync(), null, "unused-by-the-probe", Path.Combine(runtime, Path.GetFileName(ProbeFixture.RuntimePath))))
            {
                reached = ReachMounts();
                Assert.Contains(reached, mount => Path.GetFileName(mount).StartsWith("sandboxes-", StringComparison.Ordinal));
                Assert.Contains(reached, mount => Path.GetFileName(mount).StartsWith("runtime-", StringComparison.Ordinal));

                await using var session = new ProbeSession(server.Http, await Api.CreateSessionAsync(server.Http, await Api.DeployAgentAsync(server.Http)));
                var result = await session.RunAsync("echo kept > note.txt && cat note.txt && id -u");

                Assert.Equal(0, result.ExitCode);
                var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal("kept", lines[0]);
                Assert.NotEqual("0", lines[1]);
                Assert.Equal("kept\n", await server.Http.GetStringAsync($"/api/sessions/{session.Id}/files/note.txt"));
                Assert.True(Directory.Exists(Path.Combine(data, "sandboxes", session.Id.ToString("D"))), "the session's files live in the data directory");
            }

            Assert.DoesNotContain(ReachMounts(), reached.Contains);
        }
        finally
        {
            Directory.Delete(closed, recursive: true);
        }
    }

    /// <summary>The bind mounts right below the reach root (not the volumes mounted inside them).</summary>
    private static List<string> ReachMounts() =>
        [.. MountTable.Below(ReachRoot).Where(mount => Path.GetDirectoryName(mount) == ReachRoot)];
}
