using System.Net;
using System.Text.Json.Nodes;
using Ash.Server.Auth;
using Ash.Testing.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.OpenApi;

/// <summary>
/// The API contract in the repository (issue 14): the OpenAPI document the server generates from its endpoints,
/// served at <c>/openapi/v1.json</c>, is docs/openapi.json, names every route, and says what each answers.
/// </summary>
public sealed class OpenApiDocumentTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    /// <summary>Set to 1 to write the generated document to docs/openapi.json instead of comparing with it.</summary>
    public const string UpdateVariable = "ASH_UPDATE_OPENAPI";

    private const string Regenerate =
        UpdateVariable + "=1 dotnet test tests/Ash.Server.Tests -c Release --filter \"FullyQualifiedName~OpenApiDocumentTests\"";

    [Fact]
    public async Task GeneratedDocument_IsTheCommittedOne()
    {
        var generated = await GetDocumentTextAsync();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(RepositoryPaths.OpenApiDocument, generated.TrimEnd() + "\n");
        }

        Assert.True(File.Exists(RepositoryPaths.OpenApiDocument), $"docs/openapi.json is missing; generate it: {Regenerate}");
        var difference = JsonDifference.Between(await File.ReadAllTextAsync(RepositoryPaths.OpenApiDocument), generated);
        Assert.True(
            difference is null,
            $"docs/openapi.json (expected) is not the document the server generates (actual); first difference at {difference}. "
            + $"If the API change is meant, regenerate it and commit the diff with the change: {Regenerate}");
    }

    [Fact]
    public async Task Document_IsPublic_AndTheSameEachTime()
    {
        using var anonymous = platform.Server.CreateClient(apiKey: null);

        using var first = await anonymous.GetAsync("/openapi/v1.json");
        var again = await anonymous.GetStringAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        var text = await first.Content.ReadAsStringAsync();
        Assert.Equal(text, again);
        var document = JsonNode.Parse(text)!;
        Assert.Equal("3.1.1", document["openapi"]!.GetValue<string>());
        Assert.Null(document["servers"]);
    }

    [Fact]
    public async Task EveryRoute_IsAnOperationNamedAsItsEndpoint()
    {
        var paths = (await GetDocumentAsync())["paths"]!.AsObject();
        var endpoints = platform.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(IsApiRoute)
            .ToList();

        Assert.True(endpoints.Count > 70, $"only {endpoints.Count} API routes found");
        foreach (var endpoint in endpoints)
        {
            var path = DocumentPath(endpoint.RoutePattern.RawText!);
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            {
                var operation = paths[path]?[method.ToLowerInvariant()];
                Assert.True(operation is not null, $"{method} {path} is served but not in the document");
                Assert.Equal(endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName, operation["operationId"]?.GetValue<string>());
            }
        }

        var operations = paths.Sum(path => path.Value!.AsObject().Count);
        Assert.Equal(endpoints.Sum(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Count), operations);
    }

    [Fact]
    public async Task EveryOperation_HasAnIdSummaryTagAndTheErrorShape()
    {
        var document = await GetDocumentAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var where = $"{method.ToUpperInvariant()} {path}";
                Assert.True(ids.Add(operation!["operationId"]!.GetValue<string>()), $"{where}: operation id used twice");
                Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{where}: no summary");
                Assert.Single(operation["tags"]!.AsArray());
                var responses = operation["responses"]!.AsObject();
                Assert.Equal("#/components/responses/Error", responses["default"]?["$ref"]?.GetValue<string>());
                Assert.Contains(responses, response => response.Key.StartsWith('2'));
                foreach (var (status, response) in responses.Where(response => !response.Key.StartsWith('2')))
                {
                    var shared = response!["$ref"]?.GetValue<string>();
                    Assert.True(shared?.StartsWith("#/components/responses/", StringComparison.Ordinal), $"{where} {status}: not a shared error response");
                    var error = document["components"]!["responses"]![shared!["#/components/responses/".Length..]]!;
                    Assert.Equal("#/components/schemas/ApiError", error["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
                }
            }
        }
    }

    [Fact]
    public async Task GetSession_AnswersTheSession_Or404_ForAnApiKey()
    {
        var document = await GetDocumentAsync();
        var operation = document["paths"]!["/api/sessions/{id}"]!["get"]!;
        var responses = operation["responses"]!.AsObject();

        Assert.Equal("getSession", operation["operationId"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/SessionResponse", responses["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal(["200", "401", "404", "429", "503", "default"], responses.Select(response => response.Key));
        Assert.Equal("#/components/responses/NotFound", responses["404"]!["$ref"]!.GetValue<string>());
        Assert.Equal("apiKey", operation["security"]![0]!.AsObject().Single().Key);
        var apiError = document["components"]!["schemas"]!["ApiError"]!;
        Assert.Equal(["error", "statusCode", "code"], apiError["required"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Equal("integer", apiError["properties"]!["statusCode"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task LifecycleAndMessages_ListTheirOwnErrors()
    {
        var paths = (await GetDocumentAsync())["paths"]!;

        Assert.Contains("410", Statuses(paths["/api/sessions/{id}/resume"]!["post"]!));
        Assert.Contains("410", Statuses(paths["/api/sessions/{id}/fork"]!["post"]!));
        Assert.Contains("201", Statuses(paths["/api/sessions/{id}/fork"]!["post"]!));
        Assert.Contains("409", Statuses(paths["/api/agents/{name}/versions/{version}"]!["delete"]!));
        Assert.Contains("204", Statuses(paths["/api/agents/{name}/versions/{version}"]!["delete"]!));
        Assert.Contains("507", Statuses(paths["/api/sessions/{id}/messages"]!["post"]!));
        Assert.Equal(["413", "415"], Statuses(paths["/api/sessions/{id}/workspace"]!["post"]!).Intersect(["413", "415"]));
    }

    [Fact]
    public async Task SendMessage_TakesItsBody_AndStreamsEvents()
    {
        var operation = (await GetDocumentAsync())["paths"]!["/api/sessions/{id}/messages"]!["post"]!;

        Assert.True(operation["requestBody"]!["required"]!.GetValue<bool>());
        Assert.Equal("#/components/schemas/SendMessageRequest", operation["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var ok = operation["responses"]!["200"]!;
        Assert.Equal(["text/event-stream"], ok["content"]!.AsObject().Select(media => media.Key));
        foreach (var type in new[] { "session_start", "text_delta", "tool_use", "tool_result", "turn_complete", "message", "error", "done" })
        {
            Assert.Contains($"`{type}", ok["description"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Downloads_AreBytes_AndBodiesReadByHand_AreDescribed()
    {
        var paths = (await GetDocumentAsync())["paths"]!;

        var file = paths["/api/sessions/{id}/files/{path}"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();
        Assert.Equal(["application/json", "application/octet-stream"], file.Select(media => media.Key).Order(StringComparer.Ordinal));
        Assert.Equal("binary", file["application/octet-stream"]!["schema"]!["format"]!.GetValue<string>());
        Assert.NotNull(paths["/api/sessions/{id}/workspace"]!["get"]!["responses"]!["200"]!["content"]!["application/gzip"]);
        Assert.Equal(
            "#/components/schemas/WriteFilesRequest",
            paths["/api/sessions/{id}/files"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal(
            "#/components/schemas/EnqueueRequest",
            paths["/api/queue"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var reattach = paths["/api/sessions/{id}/stream"]!["get"]!["parameters"]!.AsArray();
        Assert.Contains(reattach, parameter => parameter!["name"]!.GetValue<string>() == "Last-Event-ID" && parameter["in"]!.GetValue<string>() == "header");
    }

    [Fact]
    public async Task AdminOperations_TakeTheAdminKey_AndAnswerOthers404()
    {
        var paths = (await GetDocumentAsync())["paths"]!.AsObject();

        var admin = paths.Where(path => path.Key.StartsWith("/api/admin/", StringComparison.Ordinal)).SelectMany(path => path.Value!.AsObject()).ToList();
        Assert.Equal(7, admin.Count);
        foreach (var (_, operation) in admin)
        {
            Assert.Equal("adminKey", operation!["security"]![0]!.AsObject().Single().Key);
            Assert.Equal("#/components/responses/AdminNotFound", operation["responses"]!["404"]!["$ref"]!.GetValue<string>());
            Assert.Null(operation["responses"]!["401"]);
        }

        Assert.Null(paths["/health"]!["get"]!["security"]);
    }

    [Fact]
    public async Task Schemas_RequireWhatTheServerAlwaysSends_AndNoRequestFieldThatMayBeLeftOut()
    {
        var schemas = (await GetDocumentAsync())["components"]!["schemas"]!;

        var session = schemas["SessionDto"]!;
        Assert.Contains("runnerId", Required(session));
        Assert.Equal(["null", "string"], session["properties"]!["runnerId"]!["type"]!.AsArray().Select(type => type!.GetValue<string>()));
        Assert.Equal(["path", "written"], Required(schemas["FileWriteDto"]!));
        Assert.DoesNotContain("baseUrl", Required(schemas["CredentialDto"]!));
        Assert.Empty(Required(schemas["CreateSessionRequest"]!));
        Assert.Equal(["agentName", "prompt"], Required(schemas["EnqueueRequest"]!));
        Assert.Equal(["null", "number"], schemas["CreateSessionRequest"]!["properties"]!["budgetUsd"]!["type"]!.AsArray().Select(type => type!.GetValue<string>()));
    }

    private static bool IsApiRoute(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not null
        && endpoint.RoutePattern.RawText != "/openapi/v1.json"
        && endpoint.Metadata.GetMetadata<RequiresMetricsKey>() is null;

    /// <summary>The document's path of a route: no trailing slash, a catch-all <c>{*path}</c> as <c>{path}</c>.</summary>
    private static string DocumentPath(string template) =>
        (template.Length > 1 ? template.TrimEnd('/') : template).Replace("{*", "{", StringComparison.Ordinal);

    private static IReadOnlyList<string> Statuses(JsonNode operation) => [.. operation["responses"]!.AsObject().Select(response => response.Key)];

    private static IReadOnlyList<string> Required(JsonNode schema) =>
        [.. schema["required"]?.AsArray().Select(name => name!.GetValue<string>()) ?? []];

    private async Task<string> GetDocumentTextAsync()
    {
        using var anonymous = platform.Server.CreateClient(apiKey: null);
        return await anonymous.GetStringAsync("/openapi/v1.json");
    }

    private async Task<JsonNode> GetDocumentAsync() => JsonNode.Parse(await GetDocumentTextAsync())!;
}
