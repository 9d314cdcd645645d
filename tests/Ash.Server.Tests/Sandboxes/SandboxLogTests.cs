using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Server.Tests.Adversarial;
using Ash.Testing.Common;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Sandboxes;

/// <summary>
/// <c>GET /api/sessions/:id/logs</c>: the agent's stderr and what the platform did to its sandbox, in Ash's
/// <c>{logs:[{index,level,text,ts}],source}</c> shape, kept across the session's processes.
/// </summary>
public sealed class SandboxLogTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    private HttpClient Http => probe.Server.Http;

    private static async Task<JsonObject> ReadAsync(HttpClient http, Guid session, string query = "")
    {
        using var response = await http.GetAsync($"/api/sessions/{session}/logs{query}");
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"logs answered {(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    private static List<(long Index, string Level, string Text)> Lines(JsonObject body) =>
        body["logs"]!.AsArray()
            .Select(line => (line!["index"]!.GetValue<long>(), line["level"]!.GetValue<string>(), line["text"]!.GetValue<string>()))
            .ToList();

    /// <summary>Lines reach the log from the agent's stderr pipe a moment after the turn that wrote them.</summary>
    private async Task<List<(long Index, string Level, string Text)>> WaitForLinesAsync(Guid session, Func<List<(long Index, string Level, string Text)>, bool> done)
    {
        List<(long Index, string Level, string Text)> lines = [];
        await Eventually.TrueAsync(async () => done(lines = Lines(await ReadAsync(Http, session))), () => "the log to show what was expected; it holds:\n" + string.Join('\n', lines));
        return lines;
    }

    [Fact]
    public async Task Logs_ShowTheSandboxStartAndTheAgentsStderr_InOrder()
    {
        await using var session = await probe.StartSessionAsync();
        await session.RunAsync("[[probe:stderr-lines 3]]");

        var lines = await WaitForLinesAsync(session.Id, l => l.Count(line => line.Level == "stderr") >= 3);
        var body = await ReadAsync(Http, session.Id);

        Assert.Equal("sandbox", body["source"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(0, lines.Count).Select(i => (long)i), lines.Select(line => line.Index));
        var started = lines[0];
        Assert.Equal("system", started.Level);
        Assert.Contains($"Sandbox sbx-{session.Id:N} started", started.Text, StringComparison.Ordinal);
        Assert.Contains("uid ", started.Text, StringComparison.Ordinal);
        Assert.Contains("MiB memory", started.Text, StringComparison.Ordinal);
        Assert.Equal(
            ["probe stderr line 0", "probe stderr line 1", "probe stderr line 2"],
            lines.Where(line => line.Level == "stderr").Select(line => line.Text));
        var ts = body["logs"]![0]!["ts"]!.GetValue<DateTimeOffset>();
        Assert.InRange(ts, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task After_And_Limit_PageThroughTheLog()
    {
        await using var session = await probe.StartSessionAsync();
        await session.RunAsync("[[probe:stderr-lines 5]]");
        var all = await WaitForLinesAsync(session.Id, l => l.Count(line => line.Level == "stderr") >= 5);

        var afterSecond = Lines(await ReadAsync(Http, session.Id, "?after=1"));
        var two = Lines(await ReadAsync(Http, session.Id, "?after=1&limit=2"));
        var everything = Lines(await ReadAsync(Http, session.Id, "?after=-1"));
        var pastTheEnd = Lines(await ReadAsync(Http, session.Id, $"?after={all[^1].Index + 100}"));

        Assert.Equal(all.Skip(2), afterSecond.Take(all.Count - 2));
        Assert.Equal(all.Skip(2).Take(2), two);
        Assert.Equal(all, everything.Take(all.Count));
        Assert.Empty(pastTheEnd);
    }

    [Fact]
    public async Task TheLog_OutlivesTheProcess_AndItsIndexesKeepGrowingAfterResume()
    {
        await using var session = await probe.StartSessionAsync();
        await session.RunAsync("[[probe:stderr-lines 1]]");
        await WaitForLinesAsync(session.Id, l => l.Any(line => line.Level == "stderr"));

        await Api.ChangeAsync(Http, session.Id, "stop");
        var stopped = await WaitForLinesAsync(session.Id, l => l.Any(line => line.Text.Contains("ended", StringComparison.Ordinal)));
        await Api.ChangeAsync(Http, session.Id, "resume");
        await session.RunAsync("[[probe:stderr-lines 2]]");
        var resumed = await WaitForLinesAsync(session.Id, l => l.Count(line => line.Level == "stderr") >= 3);

        Assert.Contains(stopped, line => line.Level == "system" && line.Text.Contains($"Sandbox sbx-{session.Id:N} ended", StringComparison.Ordinal));
        Assert.Equal(stopped, resumed.Take(stopped.Count));
        Assert.Equal(Enumerable.Range(0, resumed.Count).Select(i => (long)i), resumed.Select(line => line.Index));
        Assert.Equal(2, resumed.Count(line => line.Level == "system" && line.Text.Contains(" started in ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Exec_IsLogged_WithoutItsOutput()
    {
        await using var session = await probe.StartSessionAsync();
        using var response = await Http.PostAsJsonAsync($"/api/sessions/{session.Id}/exec", new { command = "echo exec-output-not-logged; exit 4" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var lines = await WaitForLinesAsync(session.Id, l => l.Any(line => line.Text.StartsWith("exec ", StringComparison.Ordinal)));

        var exec = Assert.Single(lines, line => line.Text.StartsWith("exec ", StringComparison.Ordinal));
        Assert.Equal("system", exec.Level);
        Assert.Contains("exited with code 4", exec.Text, StringComparison.Ordinal);
        Assert.EndsWith(": echo exec-output-not-logged; exit 4", exec.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.Text == "exec-output-not-logged");
    }

    [Fact]
    public async Task AnAgentThatDies_LeavesItsLastWordsAndItsExitCode()
    {
        await using var session = await probe.StartSessionAsync();
        await session.RunAsync("[[probe:stderr-lines 1]]");
        await session.SendAsync("[[probe:exit 9]]");

        var lines = await WaitForLinesAsync(session.Id, l => l.Any(line => line.Text.Contains("exited with code 9", StringComparison.Ordinal)));

        Assert.Contains(lines, line => line is { Level: "stderr", Text: "probe stderr line 0" });
        Assert.Contains(lines, line => line.Level == "system" && line.Text.EndsWith("the agent exited with code 9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAgent_CannotReachItsOwnLog()
    {
        await using var session = await probe.StartSessionAsync();
        await session.RunAsync("[[probe:stderr-lines 1]]");
        await WaitForLinesAsync(session.Id, l => l.Any(line => line.Level == "stderr"));

        var found = await session.RunAsync("find / -name 'sandbox*.jsonl' 2>/dev/null; echo searched");

        Assert.Equal("searched", found.Output.Trim());
        Assert.True(File.Exists(Path.Combine(probe.Server.DataDirectory, "sandboxes", session.Id.ToString("D"), "logs", "sandbox.jsonl")));
    }

    [Fact]
    public async Task LogFilesGone_ReadAsNoLines_NotAnError()
    {
        await using var session = await probe.StartSessionAsync();
        await Api.ChangeAsync(Http, session.Id, "stop");
        Directory.Delete(Path.Combine(probe.Server.DataDirectory, "sandboxes", session.Id.ToString("D"), "logs"), recursive: true);

        var body = await ReadAsync(Http, session.Id);

        Assert.Empty(body["logs"]!.AsArray());
        Assert.Equal("sandbox", body["source"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("?after=-2")]
    [InlineData("?limit=0")]
    [InlineData("?limit=10001")]
    [InlineData("?after=abc")]
    public async Task BadQuery_Is400(string query)
    {
        await using var session = await probe.StartSessionAsync();

        using var response = await Http.GetAsync($"/api/sessions/{session.Id}/logs{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(body["error"]);
    }

    [Fact]
    public async Task UnknownSession_AndAnotherTenantsSession_Are404()
    {
        await using var session = await probe.StartSessionAsync();
        var key = "ash_other_" + Guid.NewGuid().ToString("N");
        await probe.Server.Services.GetRequiredService<Ash.Core.Auth.IApiKeyStore>()
            .AddAsync("tenant-" + Guid.NewGuid().ToString("N")[..8], Ash.Core.Auth.ApiKeyHash.Hash(key), "logs test", CancellationToken.None);
        using var other = probe.Server.CreateClient(key);

        using var unknown = await Http.GetAsync($"/api/sessions/{Guid.NewGuid()}/logs");
        using var malformed = await Http.GetAsync("/api/sessions/not-a-uuid/logs");
        using var foreign = await other.GetAsync($"/api/sessions/{session.Id}/logs");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }
}
