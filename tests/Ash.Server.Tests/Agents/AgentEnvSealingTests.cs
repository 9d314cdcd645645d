using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Core.Agents;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Agents;

/// <summary>An agent's env values are stored sealed (issue 13), shown as "***", and reach its sandbox in plaintext.</summary>
public sealed class AgentEnvSealingTests
{
    private const string Secret = "agent-env-secret-5b0d13";

    private static async Task DeployWithEnvAsync(HttpClient http, string name)
    {
        using var response = await http.PostAsJsonAsync("/api/agents", new { name, path = RepositoryPaths.ExampleAgent, env = new Dictionary<string, string> { ["MY_SECRET"] = Secret } });
        await Api.EnsureStatusAsync(response, System.Net.HttpStatusCode.Created);
    }

    private static async Task<string> ExecAsync(HttpClient http, Guid session, string command)
    {
        using var response = await http.PostAsJsonAsync($"/api/sessions/{session}/exec", new { command });
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["stdout"]!.GetValue<string>();
    }

    [Fact]
    public async Task Env_IsStoredSealed_RedactedByTheApi_AndPlainInTheSandbox()
    {
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        await using var server = await TestServer.StartAsync(model.BaseUrl, PlatformFixture.RealModelKey);
        var name = "env-" + Guid.NewGuid().ToString("N")[..8];

        await DeployWithEnvAsync(server.Http, name);

        var shown = await Api.GetJsonAsync(server.Http, $"/api/agents/{name}");
        Assert.Equal("***", shown["agent"]!["env"]!["MY_SECRET"]!.GetValue<string>());
        var stored = await server.Services.GetRequiredService<IAgentStore>().GetAsync("default", name, CancellationToken.None);
        Assert.DoesNotContain(Secret, stored!.Env["MY_SECRET"], StringComparison.Ordinal);
        var session = await Api.CreateSessionAsync(server.Http, name);
        Assert.Contains("MY_SECRET=" + Secret, await ExecAsync(server.Http, session, "env"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameEnvGivenAgain_IsNoNewVersion_WhileAChangedValueIs()
    {
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        await using var server = await TestServer.StartAsync(model.BaseUrl, PlatformFixture.RealModelKey);
        var name = "same-env-" + Guid.NewGuid().ToString("N")[..8];
        await DeployWithEnvAsync(server.Http, name);

        // Sealing twice gives two different texts: the unchanged value must still be recognised as unchanged.
        await DeployWithEnvAsync(server.Http, name);
        using var patchedSame = await server.Http.PatchAsJsonAsync($"/api/agents/{name}", new { env = new Dictionary<string, string> { ["MY_SECRET"] = Secret } });
        Assert.Equal(1, (await patchedSame.Content.ReadFromJsonAsync<JsonObject>())!["agent"]!["version"]!.GetValue<int>());

        using var patched = await server.Http.PatchAsJsonAsync($"/api/agents/{name}", new { env = new Dictionary<string, string> { ["MY_SECRET"] = Secret + "-rotated" } });
        Assert.Equal(2, (await patched.Content.ReadFromJsonAsync<JsonObject>())!["agent"]!["version"]!.GetValue<int>());
        var session = await Api.CreateSessionAsync(server.Http, name);
        Assert.Contains("MY_SECRET=" + Secret + "-rotated", await ExecAsync(server.Http, session, "env"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaintextEnvOfAnEarlierVersion_IsSealedAtStart_AndStillReachesTheSandbox()
    {
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        var data = TestServer.NewDataDirectory();
        var database = await TestDatabase.NewAsync();
        var name = "legacy-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using (var first = await TestServer.StartOnAsync(data, database, model.BaseUrl, PlatformFixture.RealModelKey))
            {
                await DeployWithEnvAsync(first.Http, name);
            }

            await using (var store = await StoreAccess.OpenAsync(data, database))
            {
                // As an earlier version left them: the agent's row and its version's row in plaintext.
                await store.ExecuteSqlAsync($$"""UPDATE agents SET env = '{"MY_SECRET":"{{Secret}}"}', env_sealed = (1 = 0) WHERE name = '{{name}}'""");
                await store.ExecuteSqlAsync($$"""UPDATE agent_versions SET env = '{"MY_SECRET":"{{Secret}}"}', env_sealed = (1 = 0) WHERE agent_name = '{{name}}'""");
            }

            await using var second = await TestServer.StartOnAsync(data, database, model.BaseUrl, PlatformFixture.RealModelKey);
            var stored = await second.Services.GetRequiredService<IAgentStore>().GetAsync("default", name, CancellationToken.None);
            Assert.DoesNotContain(Secret, stored!.Env["MY_SECRET"], StringComparison.Ordinal);
            var session = await Api.CreateSessionAsync(second.Http, name);
            Assert.Contains("MY_SECRET=" + Secret, await ExecAsync(second.Http, session, "env"), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Env_SealedUnderALostKeyRing_FailsTheStartWithTheReason()
    {
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        var data = TestServer.NewDataDirectory();
        var database = await TestDatabase.NewAsync();
        var name = "lost-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using (var first = await TestServer.StartOnAsync(data, database, model.BaseUrl, PlatformFixture.RealModelKey))
            {
                await DeployWithEnvAsync(first.Http, name);
            }

            Directory.Delete(Path.Combine(data, "keys"), recursive: true);
            await using var second = await TestServer.StartOnAsync(data, database, model.BaseUrl, PlatformFixture.RealModelKey);
            Assert.Equal("***", (await Api.GetJsonAsync(second.Http, $"/api/agents/{name}"))["agent"]!["env"]!["MY_SECRET"]!.GetValue<string>());
            var session = await Api.CreateSessionAsync(second.Http, name);

            var frames = await Api.SendAsync(second.Http, session, "hello", timeout: TimeSpan.FromSeconds(60));

            Assert.Equal("done", frames[^1].Event);
            Assert.Contains("cannot be decrypted", Assert.Single(frames, f => f.Event == "error").Data, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
