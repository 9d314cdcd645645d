using System.Net;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Credentials;

/// <summary><c>/api/credentials</c>: Ash's shapes, never the key, tenant-scoped, every bad body a clear 400.</summary>
public sealed class CredentialsApiTests(CredentialsFixture platform) : IClassFixture<CredentialsFixture>
{
    [Fact]
    public async Task Create_AnswersAshsShape_AndListNeverShowsTheKey()
    {
        using var http = await platform.NewTenantAsync();

        var created = await CredentialCalls.CreateAsync(http, new { type = "anthropic", key = CredentialsFixture.CredentialKey, label = "prod" });
        var listed = await CredentialCalls.ListAsync(http);

        Assert.Equal(["id", "type", "label", "active", "createdAt", "lastUsedAt"], created.Select(p => p.Key).ToArray());
        Assert.Equal("anthropic", created["type"]!.GetValue<string>());
        Assert.Equal("prod", created["label"]!.GetValue<string>());
        Assert.True(created["active"]!.GetValue<bool>());
        var only = Assert.Single(listed)!.AsObject();
        Assert.Equal(created["id"]!.GetValue<string>(), only["id"]!.GetValue<string>());
        Assert.Null(only["lastUsedAt"]);
        Assert.True(only.ContainsKey("lastUsedAt"));
        Assert.DoesNotContain(CredentialsFixture.CredentialKey, created.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(CredentialsFixture.CredentialKey, listed.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithoutLabel_HasAnEmptyLabel_AndCustomShowsItsBaseUrl()
    {
        using var http = await platform.NewTenantAsync();

        var plain = await CredentialCalls.CreateAsync(http, new { type = "anthropic", key = "k1" });
        var custom = await CredentialCalls.CreateAsync(http, new { type = "custom", key = "k2", baseUrl = "https://gateway.example.com/anthropic" });

        Assert.Equal(string.Empty, plain["label"]!.GetValue<string>());
        Assert.Equal("https://gateway.example.com/anthropic", custom["baseUrl"]!.GetValue<string>());
        var listed = await CredentialCalls.ListAsync(http);
        Assert.Equal([custom["id"]!.GetValue<string>(), plain["id"]!.GetValue<string>()], listed.Select(c => c!["id"]!.GetValue<string>()).ToArray());
    }

    [Theory]
    [InlineData("""{"key":"k"}""", "invalid_request")]
    [InlineData("""{"type":"gemini","key":"k"}""", "invalid_request")]
    [InlineData("""{"type":"openai","key":"sk-openai"}""", "unsupported_credential_type")]
    [InlineData("""{"type":"anthropic"}""", "invalid_request")]
    [InlineData("""{"type":"anthropic","key":""}""", "invalid_request")]
    [InlineData("""{"type":"anthropic","key":"line\nbreak"}""", "invalid_request")]
    [InlineData("""{"type":"anthropic","key":"k","baseUrl":"https://elsewhere.example.com"}""", "invalid_request")]
    [InlineData("""{"type":"custom","key":"k"}""", "invalid_request")]
    [InlineData("""{"type":"custom","key":"k","baseUrl":"ftp://gateway.example.com"}""", "invalid_request")]
    [InlineData("""{"type":"custom","key":"k","baseUrl":"https://user:pw@gateway.example.com"}""", "invalid_request")]
    [InlineData("""{"type":"custom","key":"k","baseUrl":"gateway.example.com"}""", "invalid_request")]
    [InlineData("""{"type":"anthropic","key":"k","base_url":"https://gateway.example.com"}""", "unknown_field")]
    [InlineData("""{"type":"anthropic","key":"k","active":false}""", "unknown_field")]
    [InlineData("""{"type":"anthropic","key":5}""", "invalid_json")]
    [InlineData("""[]""", "invalid_json")]
    [InlineData("""{"type":"bedrock","key":"not json"}""", "invalid_request")]
    [InlineData("""{"type":"bedrock","key":"[]"}""", "invalid_request")]
    [InlineData("""{"type":"bedrock","key":"{\"secretAccessKey\":\"s\",\"region\":\"us-east-1\"}"}""", "invalid_request")]
    [InlineData("""{"type":"bedrock","key":"{\"accessKeyId\":\"AKIAFAKEBEDROCK00001\",\"region\":\"us-east-1\"}"}""", "invalid_request")]
    [InlineData("""{"type":"bedrock","key":"{\"accessKeyId\":\"AKIAFAKEBEDROCK00001\",\"secretAccessKey\":\"s\"}"}""", "invalid_request")]
    [InlineData("""{"type":"bedrock","key":"{\"accessKeyId\":\"AKIAFAKEBEDROCK00001\",\"secretAccessKey\":\"s\",\"region\":\"evil.example.com/x\"}"}""", "invalid_request")]
    [InlineData("""{"type":"bedrock","key":"{\"accessKeyId\":\"AKIAFAKEBEDROCK00001\",\"secretAccessKey\":\"s\",\"region\":\"US-EAST-1\"}"}""", "invalid_request")]
    [InlineData("""{"type":"bedrock","key":"{\"accessKeyId\":\"AKIAFAKEBEDROCK00001\",\"secretAccessKey\":\"s\",\"region\":\"-us-east-1\"}"}""", "invalid_request")]
    [InlineData("""{"type":"bedrock","key":"{\"accessKeyId\":\"AKIA FAKE\",\"secretAccessKey\":\"s\",\"region\":\"us-east-1\"}"}""", "invalid_request")]
    [InlineData("""{"type":"bedrock","key":"{\"accessKeyId\":\"AKIAFAKEBEDROCK00001\",\"secretAccessKey\":\"s\",\"region\":\"us-east-1\",\"sessionToken\":5}"}""", "invalid_request")]
    [InlineData("""{"type":"bedrock","key":"{\"accessKeyId\":\"AKIAFAKEBEDROCK00001\",\"secretAccessKey\":\"s\",\"region\":\"us-east-1\",\"session_token\":\"t\"}"}""", "invalid_request")]
    [InlineData("""{"type":"bedrock","key":"{\"accessKeyId\":\"AKIAFAKEBEDROCK00001\",\"secretAccessKey\":\"s\",\"region\":\"us-east-1\"}","baseUrl":"https://gateway.example.com"}""", "invalid_request")]
    public async Task Create_WithBadBody_Is400AndStoresNothing(string body, string code)
    {
        using var http = await platform.NewTenantAsync();

        var message = await CredentialCalls.AssertErrorAsync(await CredentialCalls.PostRawAsync(http, "/api/credentials", body), HttpStatusCode.BadRequest, code);

        Assert.Empty(await CredentialCalls.ListAsync(http));
        TestContext.Current.TestOutputHelper!.WriteLine(message);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"accessKeyId\":\"AKIAFAKEBEDROCK00001\",\"secretAccessKey\":\"s\"}", "'region' missing")]
    [InlineData("{\"region\":\"us-east-1\"}", "'accessKeyId', 'secretAccessKey' missing")]
    [InlineData("{\"accessKeyId\":\"AKIAFAKEBEDROCK00001\",\"secretAccessKey\":\"s\",\"region\":\"us-east-1.evil.com\"}", "'region' must be an AWS region name")]
    [InlineData("{\"accessKeyId\":\"AKIAFAKEBEDROCK00001\",\"secretAccessKey\":\"s\",\"region\":\"us-east-1\",\"extra\":\"x\"}", "unknown field 'extra'")]
    public async Task Create_BedrockWithABadKey_NamesTheProblem_WithoutEchoingTheSecret(string key, string problem)
    {
        using var http = await platform.NewTenantAsync();

        var message = await CredentialCalls.AssertErrorAsync(await CredentialCalls.PostRawAsync(http, "/api/credentials", new JsonObject { ["type"] = "bedrock", ["key"] = key.Replace("\"s\"", "\"the-secret-value\"", StringComparison.Ordinal) }.ToJsonString()), HttpStatusCode.BadRequest, "invalid_request");

        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.DoesNotContain("the-secret-value", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Bedrock_IsStored_AndNeverShowsItsKeys()
    {
        using var http = await platform.NewTenantAsync();
        var keys = CredentialsFixture.BedrockSessionKeys;
        var key = new JsonObject { ["accessKeyId"] = keys.AccessKeyId, ["secretAccessKey"] = keys.SecretAccessKey, ["region"] = keys.Region, ["sessionToken"] = keys.SessionToken }.ToJsonString();

        var created = await CredentialCalls.CreateAsync(http, new { type = "bedrock", key, label = "aws" });
        var listed = (await CredentialCalls.ListAsync(http)).ToJsonString();

        Assert.Equal("bedrock", created["type"]!.GetValue<string>());
        Assert.True(created["active"]!.GetValue<bool>());
        foreach (var secret in new[] { keys.SecretAccessKey, keys.SessionToken!, keys.AccessKeyId })
        {
            Assert.DoesNotContain(secret, created.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Delete_Is204ThenGone_AndAnotherTenantsIdIs404()
    {
        using var owner = await platform.NewTenantAsync();
        using var other = await platform.NewTenantAsync();
        var id = await CredentialCalls.CreateIdAsync(owner, new { type = "anthropic", key = "k" });

        await CredentialCalls.AssertErrorAsync(await other.DeleteAsync($"/api/credentials/{id}"), HttpStatusCode.NotFound, "credential_not_found");
        Assert.Empty(await CredentialCalls.ListAsync(other));
        Assert.Single(await CredentialCalls.ListAsync(owner));

        using var deleted = await owner.DeleteAsync($"/api/credentials/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        Assert.Empty(await CredentialCalls.ListAsync(owner));
        await CredentialCalls.AssertErrorAsync(await owner.DeleteAsync($"/api/credentials/{id}"), HttpStatusCode.NotFound, "credential_not_found");
        await CredentialCalls.AssertErrorAsync(await owner.DeleteAsync("/api/credentials/not-a-uuid"), HttpStatusCode.NotFound, "credential_not_found");
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("other-tenant")]
    [InlineData("not-a-uuid")]
    [InlineData("deleted")]
    public async Task CreateSession_WithACredentialTheTenantCannotUse_Is400NamingIt(string which)
    {
        using var http = await platform.NewTenantAsync();
        using var other = await platform.NewTenantAsync();
        var agent = await Api.DeployAgentAsync(http);
        var credentialId = which switch
        {
            "unknown" => Guid.NewGuid().ToString(),
            "other-tenant" => await CredentialCalls.CreateIdAsync(other, new { type = "anthropic", key = "k" }),
            "deleted" => await CreateThenDeleteAsync(http),
            _ => "not-a-uuid",
        };

        var body = new JsonObject { ["agent"] = agent, ["credentialId"] = credentialId }.ToJsonString();
        var message = await CredentialCalls.AssertErrorAsync(await CredentialCalls.PostRawAsync(http, "/api/sessions", body), HttpStatusCode.BadRequest, "invalid_credential");

        Assert.Contains(credentialId, message, StringComparison.Ordinal);
        Assert.Empty((await Api.GetJsonAsync(http, "/api/sessions"))["sessions"]!.AsArray());
    }

    [Fact]
    public async Task CreateSession_WithACredential_RecordsItsLastUse()
    {
        using var http = await platform.NewTenantAsync();
        var agent = await Api.DeployAgentAsync(http);
        var id = await CredentialCalls.CreateIdAsync(http, new { type = "anthropic", key = CredentialsFixture.CredentialKey });

        await Api.CreateSessionAsync(http, agent, new { credentialId = id });

        var used = Assert.Single(await CredentialCalls.ListAsync(http))!["lastUsedAt"];
        Assert.NotNull(used);
    }

    private static async Task<string> CreateThenDeleteAsync(HttpClient http)
    {
        var id = await CredentialCalls.CreateIdAsync(http, new { type = "anthropic", key = "k" });
        using var deleted = await http.DeleteAsync($"/api/credentials/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        return id;
    }
}
