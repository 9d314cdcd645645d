using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ash.Benchmarks;

/// <summary>Warm resume (pause → resume with the process alive) and cold resume (stop → resume: a new process, not waited for).</summary>
internal static class LifecycleBenchmarks
{
    public static async Task<(List<double> Warm, List<double> Cold)> RunAsync(HttpClient http, string agent, int count)
    {
        using var created = await http.PostAsJsonAsync("/api/sessions", new { agent });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetProperty("id").GetString();

        // One turn, so the process is up before the warm loop.
        using (var message = await http.PostAsJsonAsync($"/api/sessions/{id}/messages", new { content = "ping" }))
        {
            await message.Content.ReadAsStringAsync();
        }

        var warm = new List<double>(count);
        for (var i = 0; i < count + 10; i++)
        {
            await PostAsync(http, $"/api/sessions/{id}/pause");
            var elapsed = await PostAsync(http, $"/api/sessions/{id}/resume");
            if (i >= 10)
            {
                warm.Add(elapsed);
            }
        }

        var cold = new List<double>(count);
        for (var i = 0; i < count + 10; i++)
        {
            await PostAsync(http, $"/api/sessions/{id}/stop");
            var elapsed = await PostAsync(http, $"/api/sessions/{id}/resume");
            if (i >= 10)
            {
                cold.Add(elapsed);
            }
        }

        (await http.DeleteAsync($"/api/sessions/{id}")).EnsureSuccessStatusCode();
        return (warm, cold);
    }

    private static async Task<double> PostAsync(HttpClient http, string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync(path, null);
        await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        response.EnsureSuccessStatusCode();
        return elapsed;
    }
}
