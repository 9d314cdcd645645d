using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Credentials;

/// <summary>The credential routes as plain HTTP, and the checks every error answer must pass.</summary>
internal static class CredentialCalls
{
    public static async Task<JsonObject> CreateAsync(HttpClient http, object body)
    {
        using var response = await http.PostAsJsonAsync("/api/credentials", body);
        await Api.EnsureStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["credential"]!.AsObject();
    }

    public static async Task<string> CreateIdAsync(HttpClient http, object body) => (await CreateAsync(http, body))["id"]!.GetValue<string>();

    public static async Task<JsonArray> ListAsync(HttpClient http) => (await Api.GetJsonAsync(http, "/api/credentials"))["credentials"]!.AsArray();

    public static async Task<HttpResponseMessage> PostRawAsync(HttpClient http, string path, string json) =>
        await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>A clear 4xx in the Ash error shape with <paramref name="code"/>; returns the message.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, body["statusCode"]!.GetValue<int>());
        Assert.Equal(code, body["code"]!.GetValue<string>());
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return body["error"]!.GetValue<string>();
    }
}
