using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ash.Testing.Common;

namespace Ash.Testing.Server;

/// <summary>Plain HTTP calls the tests make, with no client SDK in between.</summary>
public static class Api
{
    public static async Task<string> DeployAgentAsync(HttpClient http, string? path = null, string? name = null)
    {
        name ??= "agent-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await http.PostAsJsonAsync("/api/agents", new { name, path = path ?? RepositoryPaths.ExampleAgent });
        await EnsureStatusAsync(response, HttpStatusCode.Created);
        return name;
    }

    public static async Task<Guid> CreateSessionAsync(HttpClient http, string agent, object? extra = null)
    {
        var body = JsonSerializer.SerializeToNode(extra ?? new { })!.AsObject();
        body["agent"] = agent;
        using var response = await http.PostAsync("/api/sessions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        await EnsureStatusAsync(response, HttpStatusCode.Created);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        return Guid.Parse(json!["session"]!["id"]!.GetValue<string>());
    }

    private static readonly JsonSerializerOptions IndentedJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Task<List<SseFrame>> SendAsync(HttpClient http, Guid sessionId, string content, bool partial = true, TimeSpan? timeout = null) =>
        SendBodyAsync(http, sessionId, new { content, includePartialMessages = partial }, timeout);

    /// <summary>Sends a message with a body of the test's choosing (per-message options) and reads its whole turn.</summary>
    /// <param name="indented">Whether the body is written over several lines, as a person's curl command sends it.</param>
    public static async Task<List<SseFrame>> SendBodyAsync(HttpClient http, Guid sessionId, object body, TimeSpan? timeout = null, bool indented = false)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/messages")
        {
            Content = JsonContent.Create(body, options: indented ? IndentedJson : null),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
        await EnsureStatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var frames = new List<SseFrame>();
        await foreach (var frame in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(cancellation.Token), cancellation.Token))
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>POSTs a lifecycle action (pause, resume, stop, fork) or DELETEs the session; returns the status code and body.</summary>
    public static async Task<(HttpStatusCode Status, JsonObject Body)> LifecycleAsync(HttpClient http, Guid sessionId, string action)
    {
        using var response = action == "delete"
            ? await http.DeleteAsync($"/api/sessions/{sessionId}")
            : await http.PostAsync($"/api/sessions/{sessionId}/{action}", null);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>() ?? [];
        return (response.StatusCode, body);
    }

    /// <summary>Performs a lifecycle action that must succeed with <paramref name="expected"/>; returns the session object.</summary>
    public static async Task<JsonObject> ChangeAsync(HttpClient http, Guid sessionId, string action, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, body) = await LifecycleAsync(http, sessionId, action);
        Assert.True(status == expected, $"{action}: expected {(int)expected} but got {(int)status}: {body.ToJsonString()}");
        return body["session"]!.AsObject();
    }

    public static async Task<string> StatusOfAsync(HttpClient http, Guid sessionId) =>
        (await GetJsonAsync(http, $"/api/sessions/{sessionId}"))["session"]!["status"]!.GetValue<string>();

    /// <summary>Polls until the session has <paramref name="status"/>; fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitForStatusAsync(HttpClient http, Guid sessionId, string status, TimeSpan timeout)
    {
        var current = "";
        await Eventually.TrueAsync(async () => (current = await StatusOfAsync(http, sessionId)) == status, () => $"session {sessionId} to be '{status}' (it stayed '{current}')", timeout);
    }

    /// <summary>
    /// Polls the sandbox log until the session's sandbox has started (its "started in" line), so its workspace is the
    /// sandbox uid's: a create answers before its sandbox starts, with the session already <c>active</c>.
    /// </summary>
    public static async Task WaitForSandboxStartedAsync(HttpClient http, Guid sessionId, TimeSpan timeout)
    {
        await Eventually.TrueAsync(
            async () => (await GetJsonAsync(http, $"/api/sessions/{sessionId}/logs"))["logs"]!.AsArray()
                .Any(line => line!["level"]!.GetValue<string>() == "system" && line["text"]!.GetValue<string>().Contains(" started in ", StringComparison.Ordinal)),
            $"the sandbox of session {sessionId} to start",
            timeout);
    }

    /// <summary>The session's stored events of one type, oldest first, as their data objects.</summary>
    public static async Task<List<JsonObject>> EventsOfTypeAsync(HttpClient http, Guid sessionId, string type)
    {
        var events = (await GetJsonAsync(http, $"/api/sessions/{sessionId}/stream/events?type={type}&limit=1000"))["events"]!.AsArray();
        return events.Select(e => JsonNode.Parse(e!["data"]!.GetValue<string>())!.AsObject()).ToList();
    }

    public static async Task<JsonObject> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        await EnsureStatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        }
    }

    public static string Text(IEnumerable<SseFrame> frames) =>
        string.Concat(frames.Where(f => f.Event == "text_delta").Select(f => f.Json.GetProperty("delta").GetString()));
}
