using System.Net;
using System.Net.Http.Json;
using Ash.Core.Auth;
using Ash.Core.Sessions;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Sessions;

/// <summary>Paging through many stored sessions, and many clients at once against one database.</summary>
public sealed class SessionListingTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task List_TenThousandSessions_PagesThroughEachExactlyOnceNewestFirst()
    {
        const int Total = 10_000;
        var tenant = "paging-" + Guid.NewGuid().ToString("N")[..8];
        var key = ApiKeyHash.Generate();
        var services = platform.Server.Services;
        await services.GetRequiredService<IApiKeyStore>().AddAsync(tenant, ApiKeyHash.Hash(key), "paging test", CancellationToken.None);
        var store = services.GetRequiredService<ISessionStore>();
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 0; i < Total; i++)
        {
            // Every tenth pair shares a creation time: the cursor must still separate them (ties broken by id).
            var created = start.AddMilliseconds(i - (i % 10 == 1 ? 1 : 0));
            var id = Guid.NewGuid();
            await store.InsertAsync(
                new Session(id, tenant, "paged-agent", $"sbx-{id:N}", SessionStatus.Stopped, null, null, created, created, SessionOptions.Empty),
                CancellationToken.None);
        }

        using var http = platform.Server.CreateClient(key);
        var seen = new HashSet<string>();
        var previous = DateTimeOffset.MaxValue;
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Api.GetJsonAsync(http, "/api/sessions?limit=500" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            foreach (var session in page["sessions"]!.AsArray())
            {
                Assert.True(seen.Add(session!["id"]!.GetValue<string>()), "a session appeared on two pages");
                var created = DateTimeOffset.Parse(session["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(created <= previous, "sessions are listed newest first");
                previous = created;
            }

            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(Total, seen.Count);
        Assert.Equal(Total / 500, pages);

        var stopped = await Api.GetJsonAsync(http, "/api/sessions?status=stopped&agent=paged-agent&limit=7");
        Assert.Equal(7, stopped["sessions"]!.AsArray().Count);
    }

    [Fact]
    public async Task ManyClientsAtOnce_NeverSeeADatabaseError()
    {
        var agent = await Api.DeployAgentAsync(platform.Server.Http);
        var session = await Api.CreateSessionAsync(platform.Server.Http, agent);

        var requests = Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = (i % 4) switch
            {
                0 => await platform.Server.Http.GetAsync("/api/sessions?limit=50"),
                1 => await platform.Server.Http.GetAsync($"/api/sessions/{session}/events"),
                2 => await platform.Server.Http.PostAsJsonAsync("/api/agents", new { name = $"{agent}-{i}", path = RepositoryPaths.ExampleAgent }),
                _ => await platform.Server.Http.GetAsync($"/api/sessions/{session}"),
            };
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        });

        var results = await Task.WhenAll(requests);

        Assert.All(results, result => Assert.True(
            result.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created,
            $"{(int)result.StatusCode}: {result.Item2}"));
        await Api.ChangeAsync(platform.Server.Http, session, "delete");
    }
}
