using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.OpenApi;

/// <summary>The comparer behind the drift test: it must see every change, ignore member order, and say where.</summary>
public sealed class JsonDifferenceTests
{
    [Fact]
    public void SameDocument_MembersInAnotherOrder_IsNoDifference()
    {
        Assert.Null(JsonDifference.Between("""{"a": 1, "b": {"c": [1, 2], "d": null}}""", """{"b": {"d": null, "c": [1, 2]}, "a": 1}"""));
    }

    [Fact]
    public void ChangedValue_IsReportedAtItsPath()
    {
        var difference = JsonDifference.Between(
            """{"paths": {"/api/sessions": {"get": {"operationId": "listSessions"}}}}""",
            """{"paths": {"/api/sessions": {"get": {"operationId": "listSessionz"}}}}""");

        Assert.Equal("$.paths['/api/sessions'].get.operationId: expected \"listSessions\", got \"listSessionz\"", difference);
    }

    [Fact]
    public void MissingAndExtraMembers_AreReported()
    {
        Assert.Equal("$.responses['404']: expected {\"$ref\":\"x\"}, missing", JsonDifference.Between("""{"responses": {"404": {"$ref": "x"}}}""", """{"responses": {}}"""));
        Assert.Equal("$.responses['409']: not expected, got {}", JsonDifference.Between("""{"responses": {}}""", """{"responses": {"409": {}}}"""));
    }

    [Fact]
    public void Arrays_CompareByPosition()
    {
        Assert.Equal("$.required[1]: expected \"b\", got \"c\"", JsonDifference.Between("""{"required": ["a", "b"]}""", """{"required": ["a", "c"]}"""));
        Assert.Equal("$.tags: expected 1 items, got 2", JsonDifference.Between("""{"tags": ["a"]}""", """{"tags": ["a", "b"]}"""));
        Assert.Equal("$.tags: expected [\"a\"], got \"a\"", JsonDifference.Between("""{"tags": ["a"]}""", """{"tags": "a"}"""));
    }

    [Fact]
    public void ANumberIsNotItsString()
    {
        Assert.Equal("$.statusCode: expected 404, got \"404\"", JsonDifference.Between("""{"statusCode": 404}""", """{"statusCode": "404"}"""));
    }

    [Fact]
    public void MalformedDocument_SaysWhereItBreaks()
    {
        var difference = JsonDifference.Between("{\n  \"openapi\": \"3.1.1\",\n  \"paths\": {\n}", "{}");

        Assert.NotNull(difference);
        Assert.StartsWith("the expected document is not valid JSON (line 4,", difference, StringComparison.Ordinal);
        Assert.StartsWith("the actual document is not valid JSON", JsonDifference.Between("{}", "not json"), StringComparison.Ordinal);
    }

    [Fact]
    public void CommittedDocument_WithAnErrorResponseRemoved_IsCaughtThere()
    {
        var committed = File.ReadAllText(RepositoryPaths.OpenApiDocument);
        var altered = JsonNode.Parse(committed)!;
        var responses = altered["paths"]!["/api/sessions/{id}"]!["get"]!["responses"]!.AsObject();
        Assert.True(responses.Remove("404"));

        var difference = JsonDifference.Between(committed, altered.ToJsonString());

        Assert.Equal("$.paths['/api/sessions/{id}'].get.responses['404']: expected {\"$ref\":\"#/components/responses/NotFound\"}, missing", difference);
        Assert.Null(JsonDifference.Between(committed, JsonNode.Parse(committed)!.ToJsonString()));
    }

    [Fact]
    public void CommittedDocument_WithASchemaFieldRetyped_IsCaughtThere()
    {
        var committed = File.ReadAllText(RepositoryPaths.OpenApiDocument);
        var altered = JsonNode.Parse(committed)!;
        altered["components"]!["schemas"]!["SessionDto"]!["properties"]!["createdAt"]!["format"] = "date";

        Assert.Equal(
            "$.components.schemas.SessionDto.properties.createdAt.format: expected \"date-time\", got \"date\"",
            JsonDifference.Between(committed, altered.ToJsonString()));
    }
}
