using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Budgets;

/// <summary>The budget routes as plain HTTP.</summary>
internal static class BudgetCalls
{
    public static async Task<JsonObject> PutAsync(HttpClient http, string path, decimal limitUsd)
    {
        using var response = await http.PutAsJsonAsync(path, new { limitUsd });
        await Api.EnsureStatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["budget"]!.AsObject();
    }

    public static async Task<HttpResponseMessage> PutRawAsync(HttpClient http, string path, string json) =>
        await http.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonArray> ListAsync(HttpClient http) => (await Api.GetJsonAsync(http, "/api/budgets"))["budgets"]!.AsArray();

    public static async Task DeleteAsync(HttpClient http, string path)
    {
        using var response = await http.DeleteAsync(path);
        await Api.EnsureStatusAsync(response, HttpStatusCode.NoContent);
    }
}
