using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ash.Server.Tests.RateLimits;

/// <summary>The requests the rate limit tests make: a session create and a message send (writes), a session list (a read).</summary>
internal static class RateLimitCalls
{
    /// <summary>What a request was answered: status, the Retry-After header as sent (or null) and the error body (when there is one).</summary>
    public sealed record Answer(HttpStatusCode Status, string? RetryAfter, JsonObject? Error);

    /// <summary>
    /// A write: the <paramref name="n"/>-th alternates between creating a session of an agent that does not exist
    /// and sending a message to a session that does not exist. Both are answered 404 when let through (cheap, and
    /// leaving nothing behind); the limiter counts them before the endpoint looks.
    /// </summary>
    public static Task<Answer> WriteAsync(HttpClient http, int n) => n % 2 == 0
        ? SendAsync(http, HttpMethod.Post, "/api/sessions", new { agent = "no-such-agent" })
        : SendAsync(http, HttpMethod.Post, $"/api/sessions/{Guid.NewGuid()}/messages", new { content = "hello" });

    public static Task<Answer> ReadAsync(HttpClient http) => SendAsync(http, HttpMethod.Get, "/api/sessions?limit=1", null);

    /// <summary>Writes until one is refused (at most <paramref name="most"/>); returns how many got through and the refusal.</summary>
    public static async Task<(int Passed, Answer Refusal)> WriteUntilRefusedAsync(HttpClient http, int most)
    {
        for (var n = 0; n < most; n++)
        {
            var answer = await WriteAsync(http, n);
            if (answer.Status == HttpStatusCode.TooManyRequests)
            {
                return (n, answer);
            }

            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        }

        Assert.Fail($"{most} writes and none was refused");
        return default;
    }

    public static async Task<Answer> SendAsync(HttpClient http, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.SendAsync(request, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        var error = text.StartsWith('{') && JsonNode.Parse(text) is JsonObject json && json.ContainsKey("error") ? json : null;
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? string.Join(",", values) : null;
        return new Answer(response.StatusCode, retryAfter, error);
    }
}
