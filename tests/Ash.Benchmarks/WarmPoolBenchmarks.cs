using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ash.Benchmarks;

/// <summary>Session creation that takes a pre-started sandbox: the timed call starts only once the pool holds one.</summary>
internal static class WarmPoolBenchmarks
{
    public static async Task<List<double>> RunAsync(HttpClient http, int count)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ash-bench-warm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        await File.WriteAllTextAsync(Path.Combine(folder, "CLAUDE.md"), "# Bench\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "ash.json"), """{ "warmPool": 2 }""");
        (await http.PostAsJsonAsync("/api/agents", new { name = "bench-warm", path = folder })).EnsureSuccessStatusCode();

        var samples = new List<double>();
        var misses = 0;
        for (var i = 0; i < count + 5; i++)
        {
            await WaitForWarmAsync(http);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/api/sessions", new { agent = "bench-warm" });
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetProperty("id").GetString();
            var hits = (await http.GetFromJsonAsync<JsonElement>("/health")).GetProperty("pool").GetProperty("preWarmHits").GetInt64();
            if (hits < i + 1 - misses)
            {
                misses++;
            }
            else if (i >= 5)
            {
                samples.Add(elapsed);
            }

            (await http.DeleteAsync($"/api/sessions/{id}")).EnsureSuccessStatusCode();
        }

        if (misses > 0)
        {
            Console.Error.WriteLine($"warm-pool benchmark: {misses} creations missed the pool and were left out");
        }

        return samples;
    }

    private static async Task WaitForWarmAsync(HttpClient http)
    {
        while ((await http.GetFromJsonAsync<JsonElement>("/health")).GetProperty("pool").GetProperty("warm").GetInt32() < 1)
        {
            await Task.Delay(20);
        }
    }
}
