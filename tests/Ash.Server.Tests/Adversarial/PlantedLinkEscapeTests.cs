using System.Net;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>
/// The agent owns its workspace and home, and the server, as root, works on those trees from the host
/// side (ownership at every start, the session's .mcp.json, fork's copy of the conversation). A link
/// the agent plants there resolves on the host, so none of that work may follow one (sandbox-facts.md
/// §2.4, "symlinks in the host-side file API"; Flatpak CVE-2024-42472).
/// </summary>
public sealed class PlantedLinkEscapeTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    private static readonly object WithMcpServer = new { mcpServers = new Dictionary<string, object> { ["probe-mcp"] = new { command = "true" } } };

    [Fact]
    public async Task Restart_WithLinksToAHostDirectory_ChangesNoHostOwner()
    {
        using var victim = HostVictim.Create();
        await using var bystander = await probe.StartSessionAsync();
        await using var attacker = await probe.StartSessionAsync();

        await attacker.RunAsync($"ln -s '{victim.Directory}' /workspace/host-dir && ln -s '{victim.Directory}' ~/host-dir && echo planted");
        await RestartAgentAsync(attacker);

        Assert.Equal(0, HostVictim.OwnerOf(victim.File));
        Assert.Equal(0, HostVictim.OwnerOf(victim.Directory));
        await probe.AssertStillServingAsync(bystander);
    }

    [Fact]
    public async Task Restart_WithMcpConfigLinkedToAHostFile_LeavesTheFileUnchanged()
    {
        using var victim = HostVictim.Create();
        await using var attacker = await probe.StartSessionAsync(WithMcpServer);

        await attacker.RunAsync($"ln -sf '{victim.File}' /workspace/.mcp.json && echo planted");
        await RestartAgentAsync(attacker);

        Assert.Equal(victim.Content, File.ReadAllText(victim.File));
        Assert.Equal(0, HostVictim.OwnerOf(victim.File));
    }

    [Fact]
    public async Task Restart_WithMcpConfigAsAFifo_StillStartsTheAgent()
    {
        await using var bystander = await probe.StartSessionAsync();
        await using var attacker = await probe.StartSessionAsync();
        var fifo = Path.Combine(probe.Server.WorkspaceOf(attacker.Id), ".mcp.json");
        try
        {
            // Opening a FIFO for reading waits for a writer: a server that reads this file on start waits forever.
            await attacker.RunAsync("rm -f /workspace/.mcp.json && mkfifo /workspace/.mcp.json && echo planted");
            await attacker.SendAsync("[[probe:exit 9]]");

            ProbeResult again;
            try
            {
                again = await attacker.RunAsync("echo restarted", TimeSpan.FromSeconds(60));
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("the agent did not start again within 60 s: starting it waits on the FIFO planted at /workspace/.mcp.json");
                throw;
            }

            Assert.Equal("restarted", again.Output.Trim());
            await probe.AssertStillServingAsync(bystander);
        }
        finally
        {
            // Unblock a server stuck in that open, so the fixture can shut down.
            using var unblock = System.Diagnostics.Process.Start("timeout", ["5", "sh", "-c", $"echo '{{}}' > '{fifo}'"]);
            await unblock.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Fork_WithTranscriptLinkedToAHostFile_CopiesNothingOfIt()
    {
        using var victim = HostVictim.Create();
        await using var parent = await probe.StartSessionAsync();
        await parent.RunAsync($"mkdir -p ~/.claude/projects/-workspace && ln -s '{victim.File}' ~/.claude/projects/-workspace/{parent.Id:D}.jsonl && echo planted");

        var (status, body) = await Api.LifecycleAsync(probe.Server.Http, parent.Id, "fork");
        Assert.Equal(HttpStatusCode.Created, status);
        await using var child = new ProbeSession(probe.Server.Http, Guid.Parse(body["session"]!["id"]!.GetValue<string>()));

        var result = await child.RunAsync("cat ~/.claude/projects/*/*.jsonl 2>&1; ls -la ~/.claude/projects/*/");

        Assert.DoesNotContain(victim.Secret, result.Output);
        Assert.Equal(victim.Content, File.ReadAllText(victim.File));
    }

    /// <summary>
    /// Fork copies a live tree. Checking that an entry is a regular file and then opening it by name
    /// leaves a window in which the agent can swap the file for a link (renameat2 RENAME_EXCHANGE in a
    /// tight loop); the open then follows the link on the host. The attack is a race, so it gets
    /// several forks; one copied secret is enough to fail.
    /// </summary>
    [Fact]
    public async Task Fork_WhileTheAgentSwapsFilesAndLinks_CopiesNoHostFile()
    {
        using var victim = HostVictim.Create();
        await using var parent = await probe.StartSessionAsync();
        var started = await parent.RunAsync(
            "mkdir -p /workspace/race /tmp/swap && cat > /tmp/swap/swap.c <<'C'\n" +
            "#define _GNU_SOURCE\n" +
            "#include <stdio.h>\n" +
            "#include <fcntl.h>\n" +
            "#include <unistd.h>\n" +
            "#include <sys/syscall.h>\n" +
            "#include <linux/fs.h>\n" +
            "int main(int argc, char **argv) {\n" +
            "  char a[32], b[32];\n" +
            "  for (int i = 0; i < 64; i++) {\n" +
            "    snprintf(a, 32, \"f%d\", i); snprintf(b, 32, \"l%d\", i);\n" +
            "    FILE *f = fopen(a, \"w\"); fputs(\"decoy\\n\", f); fclose(f); symlink(argv[1], b);\n" +
            "  }\n" +
            "  for (;;) for (int i = 0; i < 64; i++) {\n" +
            "    snprintf(a, 32, \"f%d\", i); snprintf(b, 32, \"l%d\", i);\n" +
            "    syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);\n" +
            "  }\n" +
            "}\n" +
            "C\n" +
            "gcc -O2 -o /tmp/swap/swap /tmp/swap/swap.c && cd /workspace/race && " +
            $"(timeout 300 /tmp/swap/swap '{victim.File}' </dev/null >/dev/null 2>&1 &) && sleep 1 && echo swapping");
        Assert.Equal("swapping", started.Output.Trim());

        for (var attempt = 0; attempt < 20; attempt++)
        {
            var (status, body) = await Api.LifecycleAsync(probe.Server.Http, parent.Id, "fork");
            Assert.Equal(HttpStatusCode.Created, status);
            var child = Guid.Parse(body["session"]!["id"]!.GetValue<string>());
            var copied = Directory.EnumerateFiles(Path.Combine(probe.Server.WorkspaceOf(child), "race"))
                .Where(path => new FileInfo(path).LinkTarget is null && File.ReadAllText(path).Contains(victim.Secret, StringComparison.Ordinal))
                .ToList();
            await Api.ChangeAsync(probe.Server.Http, child, "delete");

            Assert.True(copied.Count == 0, $"fork {attempt + 1} copied the host file into the child's workspace as {string.Join(", ", copied.Select(Path.GetFileName))}");
        }
    }

    /// <summary>Ends the agent process from inside; the next message starts a new one over the same files.</summary>
    private static async Task RestartAgentAsync(ProbeSession session)
    {
        var crash = await session.SendAsync("[[probe:exit 9]]");
        Assert.Equal("error", crash[^2].Event);

        var again = await session.RunAsync("echo restarted");
        Assert.Equal("restarted", again.Output.Trim());
    }
}
