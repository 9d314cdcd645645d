using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ash.Testing.Common;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Credentials;

/// <summary>
/// The real CLI in Bedrock mode in the real sandbox: a session created with a <c>bedrock</c> credential reaches a
/// (fake) Bedrock runtime through the proxy, which signs each call with the credential's AWS keys; the fake takes only
/// correctly signed calls. No AWS key, secret or session token is anywhere the agent can look.
/// </summary>
public sealed class BedrockTurnTests(CredentialsFixture platform) : IClassFixture<CredentialsFixture>
{
    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Turn_WithABedrockCredential_IsSignedByTheProxy_AndNoAwsKeyEntersTheSandbox()
    {
        var keys = CredentialsFixture.BedrockSessionKeys;
        using var http = await platform.NewTenantAsync();
        var agent = await Api.DeployAgentAsync(http);
        var id = await CredentialCalls.CreateIdAsync(http, new { type = "bedrock", key = KeyJson(keys), label = "aws" });
        var session = await Api.CreateSessionAsync(http, agent, new { credentialId = id });

        // As in CredentialTurnTests: the agent's own tool dumps every environment, command line and private file it can see.
        var frames = await Api.SendAsync(http, session, "[[bash:(env; cat /proc/*/environ /proc/*/cmdline; find /tmp $HOME -type f -size -4M ! -name dump.bin ! -path '*/tasks/*' -exec cat {} +) > /workspace/dump.bin 2>/dev/null; wc -c < /workspace/dump.bin]]", timeout: TurnTimeout);

        AssertCompleted(frames);
        var calls = platform.Bedrock.Requests.Where(r => r.UserTexts.Any(t => t.Contains("dump.bin", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, call =>
        {
            Assert.EndsWith("/invoke-with-response-stream", call.Path, StringComparison.Ordinal);
            Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={keys.AccessKeyId}/", call.AuthorizationHeader, StringComparison.Ordinal);
            Assert.Contains(call.Headers, h => h.Key.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase) && h.Value == keys.SessionToken);
            Assert.DoesNotContain(call.Headers, h => h.Value.Contains("sbx_", StringComparison.Ordinal));
        });
        Assert.DoesNotContain(platform.Model.Requests, r => r.UserTexts.Any(t => t.Contains("dump.bin", StringComparison.Ordinal)));

        var seen = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(platform.Server.WorkspaceOf(session), "dump.bin"), TestContext.Current.CancellationToken));
        Assert.Contains("CLAUDE_CODE_USE_BEDROCK=1", seen, StringComparison.Ordinal);
        Assert.Contains("AWS_REGION=eu-west-1", seen, StringComparison.Ordinal);
        Assert.Contains("--output-format", seen, StringComparison.Ordinal);
        AssertNoAwsKey(seen, keys, "the agent's view");

        foreach (var file in Directory.EnumerateFiles(platform.Server.SessionDirectoryOf(session), "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false }))
        {
            if (new FileInfo(file).Length <= 64 * 1024 * 1024)
            {
                AssertNoAwsKey(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken)), keys, file);
            }
        }

        using var exec = await http.PostAsJsonAsync($"/api/sessions/{session}/exec", new { command = "env; cat /proc/*/environ /proc/*/cmdline 2>/dev/null" }, TestContext.Current.CancellationToken);
        AssertNoAwsKey((await exec.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["stdout"]!.GetValue<string>(), keys, "exec");
    }

    [Fact]
    public async Task Turn_WithABedrockCredential_StreamsTheReply_AndRecordsUsageAndCostForTheBedrockModel()
    {
        const string model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
        using var http = await platform.NewTenantAsync();
        var agent = await Api.DeployAgentAsync(http);
        var id = await CredentialCalls.CreateIdAsync(http, new { type = "bedrock", key = KeyJson(CredentialsFixture.BedrockKeys) });
        var session = await Api.CreateSessionAsync(http, agent, new { credentialId = id, model });

        var frames = await Api.SendAsync(http, session, "hello bedrock", timeout: TurnTimeout);

        AssertCompleted(frames);
        Assert.Equal("Hello! You said: hello bedrock", Api.Text(frames));
        var call = Assert.Single(platform.Bedrock.Requests, r => r.UserTexts.Contains("hello bedrock"));
        Assert.Equal($"/model/{model}/invoke-with-response-stream", call.Path);

        // What the fake reported for that answer, as the proxy read it out of the event stream.
        var reported = platform.Bedrock.ReportedUsage.Last(u => u.Model == model);
        var stats = await WaitForInputTokensAsync(http, session, reported.InputTokens);
        Assert.Equal(reported.OutputTokens, stats["totalOutputTokens"]!.GetValue<long>());
        Assert.Equal(reported.CacheReadTokens, stats["totalCacheReadTokens"]!.GetValue<long>());
        Assert.True(stats["totalCostUsd"]!.GetValue<decimal>() > 0, $"a Bedrock id of a priced model costs more than 0: {stats}");
        var events = (await Api.GetJsonAsync(http, $"/api/usage?sessionId={session}"))["events"]!.AsArray();
        Assert.Contains(events, e => e!["model"]!.GetValue<string>() == model);
    }

    private static async Task<JsonObject> WaitForInputTokensAsync(HttpClient http, Guid session, long expected)
    {
        JsonObject stats = [];
        await Eventually.TrueAsync(
            async () => (stats = (await Api.GetJsonAsync(http, $"/api/usage/stats?sessionId={session}"))["stats"]!.AsObject())["totalInputTokens"]!.GetValue<long>() >= expected,
            () => $"session {session}'s usage to count {expected} input tokens (it shows {stats.ToJsonString()})");
        Assert.Equal(expected, stats["totalInputTokens"]!.GetValue<long>());
        return stats;
    }

    private static string KeyJson(FakeAwsKeys keys) => JsonSerializer.Serialize(keys.SessionToken is null
        ? new Dictionary<string, string> { ["accessKeyId"] = keys.AccessKeyId, ["secretAccessKey"] = keys.SecretAccessKey, ["region"] = keys.Region }
        : new Dictionary<string, string> { ["accessKeyId"] = keys.AccessKeyId, ["secretAccessKey"] = keys.SecretAccessKey, ["region"] = keys.Region, ["sessionToken"] = keys.SessionToken });

    private static void AssertNoAwsKey(string text, FakeAwsKeys keys, string where)
    {
        Assert.False(text.Contains(keys.SecretAccessKey, StringComparison.Ordinal), $"the AWS secret key is in {where}");
        Assert.False(text.Contains(keys.AccessKeyId, StringComparison.Ordinal), $"the AWS access key id is in {where}");
        Assert.False(keys.SessionToken is { } token && text.Contains(token, StringComparison.Ordinal), $"the AWS session token is in {where}");
    }

    private static void AssertCompleted(List<SseFrame> frames)
    {
        foreach (var frame in frames.Where(f => f.Event is "error"))
        {
            TestContext.Current.TestOutputHelper!.WriteLine($"{frame.Event}: {frame.Data}");
        }

        Assert.Equal("done", frames[^1].Event);
        Assert.DoesNotContain(frames, f => f.Event == "error");
    }
}
