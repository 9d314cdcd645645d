using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ash.Benchmarks;

/// <summary>
/// <c>POST …/stop</c> and <c>DELETE</c> of a session whose agent process is up (one turn answered
/// first), the API call only.
/// </summary>
internal static class StopDeleteBenchmarks
{
    private const int Warmup = 5;

    /// <summary>Stop → resume → one turn, repeated; only the stop is timed.</summary>
    public static async Task<List<double>> StopAsync(HttpClient http, string agent, int count)
    {
        var id = await CreateAsync(http, agent);
        var samples = new List<double>(count);
        for (var i = 0; i < count + Warmup; i++)
        {
            await TurnAsync(http, id);
            var elapsed = await TimeAsync(http, new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/stop"));
            if (i >= Warmup)
            {
                samples.Add(elapsed);
            }

            await TimeAsync(http, new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/resume"));
        }

        (await http.DeleteAsync($"/api/sessions/{id}")).EnsureSuccessStatusCode();
        return samples;
    }

    /// <summary>Create → one turn → DELETE, repeated; only the DELETE is timed.</summary>
    public static async Task<List<double>> DeleteAsync(HttpClient http, string agent, int count)
    {
        var samples = new List<double>(count);
        for (var i = 0; i < count + Warmup; i++)
        {
            var id = await CreateAsync(http, agent);
            await TurnAsync(http, id);
            var elapsed = await TimeAsync(http, new HttpRequestMessage(HttpMethod.Delete, $"/api/sessions/{id}"));
            if (i >= Warmup)
            {
                samples.Add(elapsed);
            }
        }

        return samples;
    }

    private static async Task<string> CreateAsync(HttpClient http, string agent)
    {
        using var created = await http.PostAsJsonAsync("/api/sessions", new { agent });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetProperty("id").GetString()!;
    }

    /// <summary>One turn to its end, so the agent process is up and idle.</summary>
    private static async Task TurnAsync(HttpClient http, string id)
    {
        using var message = await http.PostAsJsonAsync($"/api/sessions/{id}/messages", new { content = "ping" });
        message.EnsureSuccessStatusCode();
        await message.Content.ReadAsStringAsync();
    }

    private static async Task<double> TimeAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            return elapsed;
        }
    }
}
