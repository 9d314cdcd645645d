using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ash.Core.Auth;
using Ash.Core.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Benchmarks;

/// <summary>
/// Listing a page of sessions for a tenant with few stored sessions and for one with many: keyset
/// paging should make both (first page and a page deep in the list) take the same time.
/// </summary>
internal static class ListingBenchmarks
{
    public static async Task<List<(string Name, List<double> Samples)>> RunAsync(BenchmarkServer server, int small, int large, int samples)
    {
        var results = new List<(string, List<double>)>();
        foreach (var total in new[] { small, large })
        {
            using var http = await SeedTenantAsync(server, total);
            var first = await TimePageAsync(http, null, samples);
            var middle = await CursorAtAsync(http, total / 2);
            var deep = await TimePageAsync(http, middle, samples);
            results.Add(($"GET /api/sessions?limit=100, first page, {total:N0} stored", first));
            results.Add(($"GET /api/sessions?limit=100, page at {total / 2:N0}, {total:N0} stored", deep));
        }

        return results;
    }

    private static async Task<HttpClient> SeedTenantAsync(BenchmarkServer server, int total)
    {
        var tenant = $"list-{total}-{Guid.NewGuid():N}";
        var key = ApiKeyHash.Generate();
        await server.Services.GetRequiredService<IApiKeyStore>().AddAsync(tenant, ApiKeyHash.Hash(key), "benchmark", CancellationToken.None);
        var store = server.Services.GetRequiredService<ISessionStore>();
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        for (var i = 0; i < total; i++)
        {
            var id = Guid.NewGuid();
            var created = start.AddMilliseconds(i * 10);
            await store.InsertAsync(new Session(id, tenant, "listed", $"sbx-{id:N}", SessionStatus.Stopped, null, null, created, created, SessionOptions.Empty), CancellationToken.None);
        }

        var http = new HttpClient { BaseAddress = server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static async Task<string?> CursorAtAsync(HttpClient http, int offset)
    {
        string? cursor = null;
        for (var skipped = 0; skipped < offset; skipped += 1000)
        {
            cursor = await NextCursorAsync(http, cursor, 1000);
        }

        return cursor;
    }

    private static async Task<List<double>> TimePageAsync(HttpClient http, string? cursor, int samples)
    {
        var times = new List<double>(samples);
        for (var i = 0; i < samples + 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await NextCursorAsync(http, cursor, 100);
            if (i >= 20)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return times;
    }

    private static async Task<string?> NextCursorAsync(HttpClient http, string? cursor, int limit)
    {
        var path = $"/api/sessions?limit={limit}" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
    }
}
