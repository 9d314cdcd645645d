using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Credentials;

/// <summary>
/// The real CLI in the real sandbox: a session created with a credential reaches the model with that
/// credential's key, through the proxy, and the key is nowhere the agent can look.
/// </summary>
public sealed class CredentialTurnTests(CredentialsFixture platform) : IClassFixture<CredentialsFixture>
{
    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Turn_WithAnAnthropicCredential_ReachesTheModelWithItsKey_WhichNeverEntersTheSandbox()
    {
        using var http = await platform.NewTenantAsync();
        var agent = await Api.DeployAgentAsync(http);
        var id = await CredentialCalls.CreateIdAsync(http, new { type = "anthropic", key = CredentialsFixture.CredentialKey });
        var session = await Api.CreateSessionAsync(http, agent, new { credentialId = id });

        // The agent's own tool dumps every process's environment and command line it can see, and the files of
        // its private /tmp and $HOME, into the workspace, where the host reads them.
        var frames = await Api.SendAsync(http, session, "[[bash:find /tmp $HOME -type f -ls > /workspace/files.txt; (env; cat /proc/*/environ /proc/*/cmdline; find /tmp $HOME -type f -size -4M ! -name dump.bin ! -path '*/tasks/*' -exec cat {} +) > /workspace/dump.bin 2>/dev/null; wc -c < /workspace/dump.bin]]", timeout: TurnTimeout);

        AssertCompleted(frames);
        Assert.Contains(platform.Model.Requests, r => r.Path == "/v1/messages" && r.ApiKeyHeader == CredentialsFixture.CredentialKey && r.UserTexts.Any(t => t.Contains("dump.bin", StringComparison.Ordinal)));
        Assert.DoesNotContain(platform.Model.Requests, r => r.ApiKeyHeader == CredentialsFixture.ServerKey && r.UserTexts.Any(t => t.Contains("dump.bin", StringComparison.Ordinal)));

        var dump = await File.ReadAllBytesAsync(Path.Combine(platform.Server.WorkspaceOf(session), "dump.bin"), TestContext.Current.CancellationToken);
        var seen = Encoding.UTF8.GetString(dump);
        Assert.Contains("ANTHROPIC_BASE_URL=", seen, StringComparison.Ordinal);
        Assert.Contains("--output-format", seen, StringComparison.Ordinal);
        Assert.DoesNotContain(CredentialsFixture.CredentialKey, seen, StringComparison.Ordinal);

        // Every file the session has on the host: its workspace, its home (the CLI's transcripts and settings), its logs.
        // The volume's backing image is skipped: its files are read through the mounted volume.
        var scanned = 0;
        foreach (var file in Directory.EnumerateFiles(platform.Server.SessionDirectoryOf(session), "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false }))
        {
            if (new FileInfo(file).Length > 64 * 1024 * 1024)
            {
                continue;
            }

            scanned++;
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
            Assert.False(text.Contains(CredentialsFixture.CredentialKey, StringComparison.Ordinal), $"the credential's key is in {file}");
        }

        Assert.True(scanned > 5, $"only {scanned} files of the session were found on the host");

        // A command run beside the agent gets the agent's env (minus its model token), never the credential.
        using var exec = await http.PostAsJsonAsync($"/api/sessions/{session}/exec", new { command = "env; cat /proc/*/environ /proc/*/cmdline 2>/dev/null" }, TestContext.Current.CancellationToken);
        var output = (await exec.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["stdout"]!.GetValue<string>();
        Assert.Contains("PATH=", output, StringComparison.Ordinal);
        Assert.DoesNotContain(CredentialsFixture.CredentialKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turn_WithACustomCredential_GoesToItsEndpointWithItsKey()
    {
        using var http = await platform.NewTenantAsync();
        var agent = await Api.DeployAgentAsync(http);
        var id = await CredentialCalls.CreateIdAsync(http, new { type = "custom", key = CredentialsFixture.GatewayKey, baseUrl = platform.Gateway.BaseUrl.ToString() });
        var session = await Api.CreateSessionAsync(http, agent, new { credentialId = id });

        var frames = await Api.SendAsync(http, session, "hello gateway", timeout: TurnTimeout);

        AssertCompleted(frames);
        Assert.Equal("Hello! You said: hello gateway", Api.Text(frames));
        Assert.Contains(platform.Gateway.Requests, r => r.ApiKeyHeader == CredentialsFixture.GatewayKey && r.UserTexts.Contains("hello gateway"));
        Assert.DoesNotContain(platform.Model.Requests, r => r.UserTexts.Contains("hello gateway"));
    }

    [Fact]
    public async Task Turn_AfterItsCredentialWasDeleted_EndsWithAClearError_AndTheModelSeesNothing()
    {
        using var http = await platform.NewTenantAsync();
        var agent = await Api.DeployAgentAsync(http);
        var id = await CredentialCalls.CreateIdAsync(http, new { type = "anthropic", key = CredentialsFixture.CredentialKey });
        var session = await Api.CreateSessionAsync(http, agent, new { credentialId = id });
        AssertCompleted(await Api.SendAsync(http, session, "before the delete", timeout: TurnTimeout));

        using (var deleted = await http.DeleteAsync($"/api/credentials/{id}", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var frames = await Api.SendAsync(http, session, "after the delete", timeout: TurnTimeout);

        foreach (var frame in frames.Where(f => f.Event is "error" or "turn_complete"))
        {
            TestContext.Current.TestOutputHelper!.WriteLine($"{frame.Event}: {frame.Data}");
        }

        Assert.Equal("done", frames[^1].Event);
        var error = Assert.Single(frames, f => f.Event == "error");
        Assert.Contains("was deleted", error.Data, StringComparison.Ordinal);
        Assert.DoesNotContain(platform.Model.Requests, r => r.UserTexts.Contains("after the delete"));

        // The session itself is fine: it takes the next turn (which fails the same way) and ends normally.
        Assert.Equal("active", await Api.StatusOfAsync(http, session));
    }

    private static void AssertCompleted(List<SseFrame> frames)
    {
        Assert.Equal("done", frames[^1].Event);
        Assert.DoesNotContain(frames, f => f.Event == "error");
    }
}
