using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ash.Benchmarks;

/// <summary>
/// The server's resident memory with 0, 200, 1,000 … live sessions (DESIGN.md §8: 2,000 on 2 cores under 300 MB):
/// each session's sandbox started and its agent (the stub) idle, waiting for input. The server is a process of its
/// own; the machine's used memory shows what each live sandbox costs beside it (its processes, volume, cgroup).
/// </summary>
internal static class MemoryBenchmark
{
    /// <summary>Requests in flight at once while sessions are made and removed.</summary>
    private const int Concurrency = 16;

    /// <summary>Time for the server to settle (background work, a GC or two) before a reading, as a quiet server would.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    /// <summary>No more sandboxes became live for this long: the budget or the machine stops the climb.</summary>
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(90);

    public static async Task RunAsync(string serverAssembly, string runtimePath, string agentPath, int most)
    {
        var steps = new[] { 0, 200, 1_000, most }.Where(count => count <= most).Distinct().Order().ToArray();
        var machineBefore = ProcessMemory.MachineUsedKiB();
        var tasksBefore = ProcessMemory.MachineTasks();
        await using var server = await ServerChild.StartAsync(serverAssembly, runtimePath);
        var http = server.Http;
        (await http.PostAsJsonAsync("/api/agents", new { name = "bench", path = agentPath })).EnsureSuccessStatusCode();
        var pool = await PoolAsync(http);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Live-sandbox budget (/health pool.maxCapacity): {pool.GetProperty("maxCapacity").GetInt32()}, set by {(pool.TryGetProperty("maxCapacitySizing", out var sizing) ? sizing.ToString() : "config")}"));
        Console.WriteLine();
        Console.WriteLine("| live sessions | server RSS (MiB) | anon / file (MiB) | threads | fds | machine used Δ (MiB) | Δ per live session (MiB) | machine tasks Δ per live session | create calls (s) | until all live (s) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");

        var sessions = new List<string>();
        foreach (var step in steps)
        {
            var creating = Stopwatch.StartNew();
            sessions.AddRange(await CreateAsync(http, step - sessions.Count));
            var createCalls = creating.Elapsed;
            var live = await WaitUntilLiveAsync(http, step);
            var untilLive = creating.Elapsed;
            await Task.Delay(Settle);
            var memory = ProcessMemory.Of(server.Pid);
            var machine = ProcessMemory.MachineUsedKiB() - machineBefore;
            var tasks = ProcessMemory.MachineTasks() - tasksBefore;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {live} | {Mib(memory.RssKiB)} | {Mib(memory.AnonKiB)} / {Mib(memory.FileKiB)} | {memory.Threads} | {memory.Descriptors} | {Mib(machine)} | {(live == 0 ? "–" : Mib(machine / live))} | {(live == 0 ? "–" : (tasks / (double)live).ToString("0.0", CultureInfo.InvariantCulture))} | {createCalls.TotalSeconds:0.0} | {untilLive.TotalSeconds:0.0} |"));
            if (live < step)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stopped at {live} live sessions of {step}: no more became live within {Stalled.TotalSeconds:0} s."));
                break;
            }
        }

        var deleting = Stopwatch.StartNew();
        await ForEachAsync(sessions, async id =>
        {
            using var response = await http.DeleteAsync($"/api/sessions/{id}");
            await SucceededAsync(response);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nDELETE of the {sessions.Count} sessions: {deleting.Elapsed.TotalSeconds:0.0} s"));
    }

    private static async Task<List<string>> CreateAsync(HttpClient http, int count)
    {
        var ids = new List<string>(count);
        await ForEachAsync(Enumerable.Range(0, count), async _ =>
        {
            using var response = await http.PostAsJsonAsync("/api/sessions", new { agent = "bench" });
            await SucceededAsync(response);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetProperty("id").GetString()!;
            lock (ids)
            {
                ids.Add(id);
            }
        });
        return ids;
    }

    /// <summary>Until <paramref name="target"/> agents are up and idle (<c>pool.waiting</c>), or the count stops rising.</summary>
    private static async Task<int> WaitUntilLiveAsync(HttpClient http, int target)
    {
        var best = -1;
        var sinceProgress = Stopwatch.StartNew();
        while (true)
        {
            var waiting = (await PoolAsync(http)).GetProperty("waiting").GetInt32();
            if (waiting >= target)
            {
                return waiting;
            }

            if (waiting > best)
            {
                best = waiting;
                sinceProgress.Restart();
            }
            else if (sinceProgress.Elapsed > Stalled)
            {
                return waiting;
            }

            await Task.Delay(250);
        }
    }

    private static async Task SucceededAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<JsonElement> PoolAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/health")).GetProperty("pool");

    private static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (item, _) => await action(item));

    private static string Mib(long kib) => (kib / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
}
