using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Core.Agents;
using Ash.Core.Sandboxes;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Agents;

/// <summary>
/// A database of an earlier version holds agent versions without a stored config (issue 16): the server starts, parses
/// each one's <c>ash.json</c> once and stores it, and their sessions keep working.
/// </summary>
public sealed class AgentStartupUpgradesTests
{
    [Fact]
    public async Task AVersionStoredWithoutConfig_GetsItsFoldersConfigAtStart_AndItsSessionsRun()
    {
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        var data = TestServer.NewDataDirectory();
        var database = await TestDatabase.NewAsync();
        var name = "before-configs-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using (var first = await TestServer.StartOnAsync(data, database, model.BaseUrl, PlatformFixture.RealModelKey))
            {
                using var deployed = await first.Http.PostAsJsonAsync("/api/agents", new { name, path = AgentFolders.Create("""{ "limits": { "memoryMb": 512 } }""") });
                await Api.EnsureStatusAsync(deployed, HttpStatusCode.Created);
            }

            await using (var store = await StoreAccess.OpenAsync(data, database))
            {
                await store.ExecuteSqlAsync($"UPDATE agent_versions SET config = NULL WHERE agent_name = '{name}'");
            }

            await using var second = await TestServer.StartOnAsync(data, database, model.BaseUrl, PlatformFixture.RealModelKey);
            var stored = await second.Services.GetRequiredService<IAgentStore>().GetAsync("default", name, CancellationToken.None);
            Assert.Equal(512 * ResourceLimits.MiB, stored!.Config?.Limits.MemoryBytes);
            var session = await Api.CreateSessionAsync(second.Http, name);
            using var exec = await second.Http.PostAsJsonAsync($"/api/sessions/{session}/exec", new { command = "echo still-running" });
            Assert.Contains("still-running", (await exec.Content.ReadFromJsonAsync<JsonObject>())!["stdout"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
