using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Testing.Postgres;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Storage;

/// <summary>
/// PostgreSQL restarts while clients write and read through the API: every answer is a success or a
/// clean 503 with Retry-After (never a 500), nothing acknowledged is lost, and the pool recovers.
/// Runs on its own PostgreSQL cluster whatever store the rest of the suite uses.
/// </summary>
public sealed class PostgresRestartTests
{
    [Fact]
    public async Task Restart_UnderLoad_AnswersCleanlyLosesNothingAndRecovers()
    {
        await using var postgres = await PostgresServer.StartAsync(CancellationToken.None);
        var database = await postgres.CreateDatabaseAsync("restart");
        await using var server = await TestServer.StartAsync(null, null, extra: new Dictionary<string, string?> { ["Ash:Database"] = database });

        var acknowledged = new ConcurrentBag<string>();
        var answers = new ConcurrentBag<(HttpStatusCode Status, string? RetryAfter, string Body)>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"restart-{worker}-{i}";
                using var created = await server.Http.PostAsJsonAsync("/api/agents", new { name, path = RepositoryPaths.ExampleAgent });
                answers.Add((created.StatusCode, created.Headers.RetryAfter?.ToString(), await created.Content.ReadAsStringAsync()));
                if (created.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(name);
                }

                using var listed = await server.Http.GetAsync("/api/sessions?limit=10");
                answers.Add((listed.StatusCode, listed.Headers.RetryAfter?.ToString(), await listed.Content.ReadAsStringAsync()));
                await Task.Delay(20);
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1));
        await postgres.RestartAsync(TimeSpan.FromSeconds(12), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.All(answers, answer =>
        {
            Assert.True(
                answer.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable,
                $"{(int)answer.Status}: {answer.Body}");
            if (answer.Status == HttpStatusCode.ServiceUnavailable)
            {
                Assert.NotNull(answer.RetryAfter);
                Assert.Equal("database_unavailable", JsonNode.Parse(answer.Body)!["code"]!.GetValue<string>());
            }
        });
        Assert.Contains(answers, answer => answer.Status == HttpStatusCode.ServiceUnavailable);

        var stored = (await Api.GetJsonAsync(server.Http, "/api/agents"))["agents"]!.AsArray()
            .Select(agent => agent!["name"]!.GetValue<string>())
            .ToHashSet();
        Assert.NotEmpty(acknowledged);
        Assert.All(acknowledged, name => Assert.Contains(name, stored));
        await Api.DeployAgentAsync(server.Http);
    }
}
