using System.Net;
using Ash.Server.Tests.Infrastructure;

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

    /// <summary>Ends the agent process from inside; the next message starts a new one over the same files.</summary>
    private static async Task RestartAgentAsync(ProbeSession session)
    {
        var crash = await session.SendAsync("[[probe:exit 9]]");
        Assert.Equal("error", crash[^2].Event);

        var again = await session.RunAsync("echo restarted");
        Assert.Equal("restarted", again.Output.Trim());
    }
}
