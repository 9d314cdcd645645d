using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Auth;

/// <summary>
/// ASH_API_KEY sets tenant default's key (issue 15): the keys earlier starts made (a generated one, an earlier
/// ASH_API_KEY) stop working and the generated key's file goes; keys made through the API stay.
/// </summary>
public sealed class ApiKeyBootstrapTests
{
    private const string NoModelKey = "sk-unused";
    private const string SecondKey = "ash_second_configured_key_0123456789abcdef";

    [Fact]
    public async Task ConfiguredKey_ReplacesTheKeysEarlierStartsMade_AndKeepsKeysMadeThroughTheApi()
    {
        var data = TestServer.NewDataDirectory();
        var database = await TestDatabase.NewAsync();
        var keyFile = Path.Combine(data, "api-key");
        try
        {
            string generated, madeThroughApi;
            var noConfiguredKey = new Dictionary<string, string?> { ["Ash:ApiKey"] = "" };
            await using (var first = await TestServer.StartOnAsync(data, database, modelUpstream: null, NoModelKey, extra: noConfiguredKey))
            {
                generated = (await File.ReadAllTextAsync(keyFile, TestContext.Current.CancellationToken)).Trim();
                using var http = first.CreateClient(generated);
                using var created = await http.PostAsJsonAsync("/api/api-keys", new { label = "ci" }, TestContext.Current.CancellationToken);
                created.EnsureSuccessStatusCode();
                madeThroughApi = (await created.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["key"]!.GetValue<string>();
            }

            await using (var second = await TestServer.StartOnAsync(data, database, modelUpstream: null, NoModelKey))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(second, generated));
                Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(second, TestServer.ApiKey));
                Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(second, madeThroughApi));
                Assert.False(File.Exists(keyFile), "the file of a revoked key was left for the CLI to read");
            }

            var otherKey = new Dictionary<string, string?> { ["Ash:ApiKey"] = SecondKey };
            IReadOnlyList<(string Id, string Label)> keysBefore;
            await using (var third = await TestServer.StartOnAsync(data, database, modelUpstream: null, NoModelKey, extra: otherKey))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(third, TestServer.ApiKey));
                Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(third, SecondKey));
                Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(third, madeThroughApi));
                keysBefore = await KeysAsync(third, SecondKey);
            }

            // The same key again changes nothing: a replica starting beside another keeps its key, by id.
            await using var fourth = await TestServer.StartOnAsync(data, database, modelUpstream: null, NoModelKey, extra: otherKey);
            Assert.Equal(["ASH_API_KEY", "ci"], keysBefore.Select(key => key.Label).Order(StringComparer.Ordinal));
            Assert.Equal(keysBefore, await KeysAsync(fourth, SecondKey));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<(string Id, string Label)>> KeysAsync(TestServer server, string key)
    {
        using var http = server.CreateClient(key);
        var listing = await http.GetFromJsonAsync<JsonObject>("/api/api-keys", TestContext.Current.CancellationToken);
        return [.. listing!["keys"]!.AsArray().Select(item => (item!["id"]!.GetValue<string>(), item["label"]!.GetValue<string>())).Order()];
    }

    private static async Task<HttpStatusCode> StatusWithAsync(TestServer server, string key)
    {
        using var http = server.CreateClient(key);
        using var response = await http.GetAsync("/api/agents", TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
