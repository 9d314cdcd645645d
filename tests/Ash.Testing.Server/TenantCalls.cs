using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ash.Testing.Server;

/// <summary>Admin and key calls the tests make, as plain HTTP.</summary>
public static class TenantCalls
{
    public static async Task<(string TenantId, string Key, string KeyId)> CreateAsync(HttpClient admin, string tenantId)
    {
        using (admin)
        {
            using var response = await admin.PostAsJsonAsync("/api/admin/tenants", new { id = tenantId });
            await Api.EnsureStatusAsync(response, HttpStatusCode.Created);
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            return (tenantId, body["key"]!["key"]!.GetValue<string>(), body["key"]!["id"]!.GetValue<string>());
        }
    }

    /// <summary>POST /api/api-keys as the given client; returns the new key's id and plaintext.</summary>
    public static async Task<(string Id, string Key)> CreateKeyAsync(HttpClient http, string? label = null)
    {
        using var response = await http.PostAsJsonAsync("/api/api-keys", new { label });
        await Api.EnsureStatusAsync(response, HttpStatusCode.Created);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["id"]!.GetValue<string>(), body["key"]!.GetValue<string>());
    }

    public static async Task<JsonArray> ListKeysAsync(HttpClient http) => (await Api.GetJsonAsync(http, "/api/api-keys"))["keys"]!.AsArray();

    /// <summary>The status and error code of a request (code null when the body has none).</summary>
    public static async Task<(HttpStatusCode Status, string? Code)> StatusAsync(HttpClient http, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        string? code = null;
        if (text.StartsWith('{') && JsonNode.Parse(text) is JsonObject json && json["code"] is JsonValue value)
        {
            code = value.GetValue<string>();
        }

        return (response.StatusCode, code);
    }
}
