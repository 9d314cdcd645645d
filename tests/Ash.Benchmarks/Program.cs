using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Ash.Benchmarks;

// Platform overhead with a stub runtime that answers at once (DESIGN.md §8). Not a test: numbers only.
// Usage: dotnet ash-benchmarks.dll [messages=500] [sessions=100] [resumes=200] [stored=100000] [stops=200]
//        dotnet ash-benchmarks.dll stop [stops=200]   (the stop and DELETE rows only)
//        dotnet ash-benchmarks.dll memory [live=2000]  (the server's RSS by live sessions; the server runs as its own process)
//        dotnet ash-benchmarks.dll sse [messages=500]  (the per-message rows only)
var stub = Path.Combine(AppContext.BaseDirectory, "..", "..", "Ash.Testing.StubRuntime", "release", "ash-stub-runtime");
stub = Path.GetFullPath(stub);
var agentPath = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "examples", "hello-agent"));
if (args.Length > 0 && args[0] == "memory")
{
    var serverAssembly = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "Ash.Server", "release", "ash-server.dll"));
    await MemoryBenchmark.RunAsync(serverAssembly, stub, agentPath, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000);
    return;
}

var onlyStop = args.Length > 0 && args[0] == "stop";
if (onlyStop)
{
    args = ["0", "0", "0", "0", .. args[1..]];
}

var onlyMessages = args.Length > 0 && args[0] == "sse";
if (onlyMessages)
{
    // No creation rows: the creation loop runs only its 10 warm-up calls.
    args = [args.Length > 1 ? args[1] : "500", "0"];
}

var messageCount = Argument(0, 500);
var sessionCount = Argument(1, 100);
var resumeCount = Argument(2, 200);
var storedSessions = Argument(3, 100_000);
var stopCount = Argument(4, 200);

await using var server = await BenchmarkServer.StartAsync(stub);
var http = server.Http;
(await http.PostAsJsonAsync("/api/agents", new { name = "bench", path = agentPath })).EnsureSuccessStatusCode();
if (onlyStop)
{
    Console.WriteLine("| measure (ms) | n | p50 | p95 | p99 | max |");
    Console.WriteLine("|---|---|---|---|---|---|");
    await StopDeleteRowsAsync();
    return;
}

// 1. Session creation without a warm pool: the API call only; the sandbox starts in the background.
var creation = new List<double>();
var created = new List<string>();
for (var i = 0; i < sessionCount + 10; i++)
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsJsonAsync("/api/sessions", new { agent = "bench" });
    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    response.EnsureSuccessStatusCode();
    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
    created.Add(body.GetProperty("session").GetProperty("id").GetString()!);
    if (i >= 10)
    {
        creation.Add(elapsed);
    }
}

foreach (var id in created)
{
    (await http.DeleteAsync($"/api/sessions/{id}")).EnsureSuccessStatusCode();
}

// 2. Per-message overhead: from the stub writing its first line to this client reading that frame,
//    and to the turn's `done` frame; plus the client's whole round trip.
using var sessionResponse = await http.PostAsJsonAsync("/api/sessions", new { agent = "bench" });
var sessionId = (await sessionResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetProperty("id").GetString();
var lineToFrame = new List<double>();
var lineToDone = new List<double>();
var roundTrip = new List<double>();
for (var i = 0; i < messageCount + 20; i++)
{
    var started = Stopwatch.GetTimestamp();
    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/messages")
    {
        Content = JsonContent.Create(new { content = "ping", includePartialMessages = true }),
    };
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
    long stubClock = 0;
    double firstFrame = 0, done = 0;
    string? eventType = null;
    while (await reader.ReadLineAsync() is { } line)
    {
        if (line.StartsWith("event: ", StringComparison.Ordinal))
        {
            eventType = line[7..];
        }
        else if (line.StartsWith("data: ", StringComparison.Ordinal))
        {
            var now = Stopwatch.GetTimestamp();
            if (stubClock == 0 && line.Contains("\"stub_clock\"", StringComparison.Ordinal))
            {
                stubClock = JsonDocument.Parse(line[6..]).RootElement.GetProperty("ts").GetInt64();
                firstFrame = Stopwatch.GetElapsedTime(stubClock, now).TotalMilliseconds;
            }
            else if (eventType == "done")
            {
                done = Stopwatch.GetElapsedTime(stubClock, now).TotalMilliseconds;
                break;
            }
        }
    }

    if (i >= 20)
    {
        roundTrip.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        lineToFrame.Add(firstFrame);
        lineToDone.Add(done);
    }
}

Console.WriteLine("| measure (ms) | n | p50 | p95 | p99 | max |");
Console.WriteLine("|---|---|---|---|---|---|");
Console.WriteLine(Percentiles.Of(lineToFrame).Row("agent line written → client reads its SSE frame"));
Console.WriteLine(Percentiles.Of(lineToDone).Row("agent line written → client reads `done`"));
Console.WriteLine(Percentiles.Of(roundTrip).Row("POST message → `done` (whole round trip)"));
if (onlyMessages)
{
    return;
}

Console.WriteLine(Percentiles.Of(creation).Row("POST /api/sessions (no warm pool)"));
Console.WriteLine(Percentiles.Of(await WarmPoolBenchmarks.RunAsync(http, sessionCount)).Row("POST /api/sessions (warm pool hit)"));

var (warm, cold) = await LifecycleBenchmarks.RunAsync(http, "bench", resumeCount);
Console.WriteLine(Percentiles.Of(warm).Row("POST resume, warm (paused, process alive)"));
Console.WriteLine(Percentiles.Of(cold).Row("POST resume, cold (stopped; new process not waited for)"));

foreach (var (name, samples) in await ListingBenchmarks.RunAsync(server, 1_000, storedSessions, 200))
{
    Console.WriteLine(Percentiles.Of(samples).Row(name));
}

await StopDeleteRowsAsync();

// Without and with 800 idle processes on the host: neither may depend on how many there are.
async Task StopDeleteRowsAsync()
{
    foreach (var extra in new[] { 0, 800 })
    {
        using var idle = IdleHostProcesses.Start(extra);
        var suffix = extra == 0 ? string.Empty : $", {extra} extra host processes";
        Console.WriteLine(Percentiles.Of(await StopDeleteBenchmarks.StopAsync(http, "bench", stopCount)).Row($"POST stop (process up{suffix})"));
        Console.WriteLine(Percentiles.Of(await StopDeleteBenchmarks.DeleteAsync(http, "bench", stopCount)).Row($"DELETE session (process up{suffix})"));
    }
}

int Argument(int index, int fallback) =>
    args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
