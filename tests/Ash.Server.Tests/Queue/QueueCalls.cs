using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Queue;

/// <summary>Plain HTTP calls on /api/queue.</summary>
internal static class QueueCalls
{
    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    public static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient http, string json)
    {
        using var response = await http.PostAsync("/api/queue", new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonObject>() ?? []);
    }

    public static async Task<JsonObject> EnqueueAsync(HttpClient http, object body)
    {
        using var response = await http.PostAsJsonAsync("/api/queue", body);
        await Api.EnsureStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["item"]!.AsObject();
    }

    public static async Task<JsonObject> GetAsync(HttpClient http, string id) =>
        (await Api.GetJsonAsync(http, $"/api/queue/{id}"))["item"]!.AsObject();

    /// <summary>Polls the item until <paramref name="done"/> holds; fails after <see cref="JobTimeout"/>.</summary>
    public static async Task<JsonObject> WaitForAsync(HttpClient http, string id, Func<JsonObject, bool> done, string what)
    {
        JsonObject item = [];
        await Eventually.TrueAsync(async () => done(item = await GetAsync(http, id)), () => $"queue item {id} to be {what} (it is {item.ToJsonString()})", JobTimeout);
        return item;
    }

    public static Task<JsonObject> WaitForStatusAsync(HttpClient http, string id, string status) =>
        WaitForAsync(http, id, item => Status(item) == status, status);

    public static string Status(JsonObject item) => item["status"]!.GetValue<string>();

    public static string Id(JsonObject item) => item["id"]!.GetValue<string>();

    public static Guid SessionOf(JsonObject item) => Guid.Parse(item["sessionId"]!.GetValue<string>());
}
