using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ash.Testing.DaprSidecar;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>Plain HttpClient calls toward one sidecar, as an app would make them.</summary>
internal sealed class SidecarClient : IDisposable
{
    private readonly HttpClient http;

    public SidecarClient(MeshSidecar sidecar, string? apiToken = null)
    {
        http = new HttpClient { BaseAddress = sidecar.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (apiToken is not null)
        {
            http.DefaultRequestHeaders.Add("dapr-api-token", apiToken);
        }
    }

    public HttpClient Http => http;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        return http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string json, string contentType = "application/json") =>
        SendAsync(HttpMethod.Post, path, json, contentType);

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public static async Task<(string ErrorCode, string Message)> ReadErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (body.GetProperty("errorCode").GetString()!, body.GetProperty("message").GetString()!);
    }

    public void Dispose() => http.Dispose();
}
