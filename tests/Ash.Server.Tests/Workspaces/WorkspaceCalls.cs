using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Workspaces;

/// <summary>Plain HTTP calls to the workspace routes, and host-side looks at what they did.</summary>
public static class WorkspaceCalls
{
    public static async Task<(HttpStatusCode Status, JsonObject Body)> WriteAsync(
        HttpClient http, Guid session, IEnumerable<(string Path, byte[] Content)> files, string? targetPath = null)
    {
        var body = new JsonObject
        {
            ["files"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["content"] = Convert.ToBase64String(f.Content) }).ToArray()),
        };
        if (targetPath is not null)
        {
            body["targetPath"] = targetPath;
        }

        return await SendJsonAsync(http, HttpMethod.Post, $"/api/sessions/{session}/files", body.ToJsonString());
    }

    /// <summary>Writes files that must all succeed; returns the per-file answers.</summary>
    public static async Task<JsonArray> WriteOkAsync(HttpClient http, Guid session, params (string Path, string Text)[] files)
    {
        var (status, body) = await WriteAsync(http, session, files.Select(f => (f.Path, Encoding.UTF8.GetBytes(f.Text))));
        Assert.True(status == HttpStatusCode.OK, $"write: {(int)status} {body.ToJsonString()}");
        var results = body["files"]!.AsArray();
        Assert.All(results, r => Assert.True(r!["written"]!.GetValue<bool>(), r.ToJsonString()));
        return results;
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> SendJsonAsync(HttpClient http, HttpMethod method, string route, string json)
    {
        using var request = new HttpRequestMessage(method, route) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await BodyAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(HttpClient http, string route)
    {
        using var response = await http.GetAsync(route);
        return (response.StatusCode, await BodyAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> DeleteAsync(HttpClient http, Guid session, string path)
    {
        using var response = await http.DeleteAsync($"/api/sessions/{session}/files/{path}");
        return (response.StatusCode, await BodyAsync(response));
    }

    public static async Task<List<string>> ListPathsAsync(HttpClient http, Guid session, bool? includeHidden = null)
    {
        var route = $"/api/sessions/{session}/files" + (includeHidden is { } hidden ? $"?includeHidden={(hidden ? "true" : "false")}" : string.Empty);
        var listing = await Api.GetJsonAsync(http, route);
        return listing["files"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()).ToList();
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> UploadBundleAsync(HttpClient http, Guid session, byte[] bundle) =>
        await SendJsonAsync(http, HttpMethod.Post, $"/api/sessions/{session}/workspace", new JsonObject { ["bundle"] = Convert.ToBase64String(bundle) }.ToJsonString());

    /// <summary>Asserts an error answer in the API's shape, with the given status and code.</summary>
    public static void AssertError((HttpStatusCode Status, JsonObject Body) answer, HttpStatusCode status, string? code = null)
    {
        var (actual, body) = answer;
        Assert.True(status == actual, $"expected {(int)status}, got {(int)actual}: {body.ToJsonString()}");
        Assert.Equal((int)status, body["statusCode"]?.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["error"]?.GetValue<string>()));
        if (code is not null)
        {
            Assert.Equal(code, body["code"]?.GetValue<string>());
        }
    }

    /// <summary>Sends a request line exactly as given (HttpClient would normalize "../" and re-encode).</summary>
    public static async Task<(int Status, string Response)> RawGetAsync(Uri server, string target, string apiKey)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        await using var stream = client.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\nAuthorization: Bearer {apiKey}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(timeout.Token);
        var status = int.Parse(response.Split(' ', 3)[1], CultureInfo.InvariantCulture);
        return (status, response);
    }

    /// <summary>The owner uid and octal mode of a path, not following a link (stat -c).</summary>
    public static (int Uid, string Mode) OwnerAndMode(string path)
    {
        var output = Run("stat", "-c", "%u %a", path).Trim().Split(' ');
        return (int.Parse(output[0], CultureInfo.InvariantCulture), output[1]);
    }

    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), $"{program} did not finish");
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {error}");
        return output;
    }

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text);
        return text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["raw"] = text };
    }
}
