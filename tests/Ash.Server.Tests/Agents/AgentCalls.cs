using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Agents;

/// <summary>Plain HTTP calls to the agent routes, answers as status and JSON (the error shape included).</summary>
public static class AgentCalls
{
    public static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Deploys an uploaded agent of the given files (text), with an env when given.</summary>
    public static async Task<JsonObject> DeployAsync(HttpClient http, string name, IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, string>? env = null)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["files"] = new JsonArray(files.Select(file => (JsonNode)new JsonObject
            {
                ["path"] = file.Key,
                ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(file.Value)),
            }).ToArray()),
        };
        if (env is not null)
        {
            body["env"] = new JsonObject(env.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value))));
        }

        var (status, answer) = await SendAsync(http, HttpMethod.Post, "/api/agents", body);
        Assert.True(status == HttpStatusCode.Created, $"deploy: {(int)status} {answer.ToJsonString()}");
        return answer["agent"]!.AsObject();
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpClient http, HttpMethod method, string route, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, route);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? new JsonObject { ["value"] = JsonNode.Parse(text) });
    }

    public static Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(HttpClient http, string route) => SendAsync(http, HttpMethod.Get, route);

    public static async Task<JsonObject> OkAsync(Task<(HttpStatusCode Status, JsonObject Body)> call, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, body) = await call;
        Assert.True(status == expected, $"expected {(int)expected}, got {(int)status}: {body.ToJsonString()}");
        return body;
    }

    /// <summary>An error in Ash's shape, with our code.</summary>
    public static void AssertError((HttpStatusCode Status, JsonObject Body) answer, HttpStatusCode status, string code)
    {
        Assert.True(answer.Status == status, $"expected {(int)status} {code}, got {(int)answer.Status}: {answer.Body.ToJsonString()}");
        Assert.Equal(code, answer.Body["code"]?.GetValue<string>());
        Assert.Equal((int)status, answer.Body["statusCode"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(answer.Body["error"]?.GetValue<string>()));
    }

    public static JsonObject Files(params (string Path, string Text)[] files) => new()
    {
        ["files"] = new JsonArray(files.Select(file => (JsonNode)new JsonObject
        {
            ["path"] = file.Path,
            ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(file.Text)),
        }).ToArray()),
    };

    /// <summary>A client for a new tenant of its own.</summary>
    public static async Task<HttpClient> OtherTenantAsync(TestServer server)
    {
        var key = "ash_other_" + Guid.NewGuid().ToString("N");
        await server.Services.GetRequiredService<Ash.Core.Auth.IApiKeyStore>()
            .AddAsync("tenant-" + Guid.NewGuid().ToString("N")[..8], Ash.Core.Auth.ApiKeyHash.Hash(key), "agents test", CancellationToken.None);
        return server.CreateClient(key);
    }
}
