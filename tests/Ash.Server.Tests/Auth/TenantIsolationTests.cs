using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Server.Auth;
using Ash.Testing.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Auth;

/// <summary>
/// The cross-tenant audit (issue 13): every tenant route of the app, read from its endpoint data source,
/// called by tenant B with tenant A's ids. A route that names one of A's resources must answer 404; a
/// route that names none must not show any of A's data; A's resources must come out untouched. A route
/// added later is called too, and a route parameter this test does not know fails it until it is taught
/// what the parameter names, so no route escapes the audit.
/// </summary>
public abstract class TenantIsolationAudit(ITenantPlatform platform)
{
    private const string SecretFile = "secret.txt";

    [Fact]
    public async Task EveryTenantRoute_CalledWithAnotherTenantsIds_NeverReachesTheirData()
    {
        var owner = await OwnerAsync();
        var (_, intruderKey, _) = await platform.NewTenantAsync();
        using var intruder = platform.Server.CreateClient(intruderKey);
        var routes = TenantRoutes();
        Assert.True(routes.Count >= 25, $"expected every tenant route, found {routes.Count}");

        var failures = new List<string>();
        foreach (var route in routes)
        {
            var (path, namesOwnersResource) = PathFor(route.Pattern, owner);
            var (status, body) = await CallAsync(intruder, route.Method, path, BodyFor(route.Method, route.Pattern.RawText!, owner));
            var shown = owner.Secrets.Where(s => body.Contains(s, StringComparison.Ordinal)).ToList();
            if (shown.Count > 0)
            {
                failures.Add($"{route.Method} {route.Pattern.RawText}: answered {(int)status} showing the other tenant's {string.Join(", ", shown)}");
            }
            else if (namesOwnersResource && status != HttpStatusCode.NotFound)
            {
                failures.Add($"{route.Method} {route.Pattern.RawText}: answered {(int)status}, not 404: {Shorten(body)}");
            }
            else if ((int)status >= 500)
            {
                failures.Add($"{route.Method} {route.Pattern.RawText}: answered {(int)status}: {Shorten(body)}");
            }
        }

        Assert.True(failures.Count == 0, "cross-tenant calls reached the other tenant:\n" + string.Join('\n', failures));
        await AssertUntouchedAsync(owner);
    }

    /// <summary>(method, pattern) of every endpoint that takes a tenant's API key.</summary>
    private List<(string Method, RoutePattern Pattern)> TenantRoutes() =>
        platform.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RequiresApiKey>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern)))
            .OrderBy(r => r.RoutePattern.RawText, StringComparer.Ordinal)
            .ThenBy(r => r.m, StringComparer.Ordinal)
            .ToList();

    /// <summary>The path with A's ids in it, and whether it names one of A's resources.</summary>
    private static (string Path, bool NamesOwnersResource) PathFor(RoutePattern pattern, Owner owner)
    {
        var raw = pattern.RawText!;
        var segments = new List<string>();
        foreach (var segment in raw.Trim('/').Split('/'))
        {
            if (!segment.StartsWith('{'))
            {
                segments.Add(segment);
                continue;
            }

            var name = segment.Trim('{', '}', '*').Split(':')[0];
            segments.Add((raw, name) switch
            {
                (_, "id") when raw.StartsWith("/api/sessions/", StringComparison.Ordinal) => owner.SessionId.ToString("D"),
                (_, "id") when raw.StartsWith("/api/api-keys/", StringComparison.Ordinal) => owner.KeyId,
                (_, "name") when raw.StartsWith("/api/agents/", StringComparison.Ordinal) => owner.AgentName,
                (_, "path") when raw.StartsWith("/api/sessions/", StringComparison.Ordinal) => SecretFile,
                (_, "path") when raw.StartsWith("/api/agents/", StringComparison.Ordinal) => "CLAUDE.md",
                (_, "version") when raw.StartsWith("/api/agents/", StringComparison.Ordinal) => "1",
                (_, "id") when raw.StartsWith("/api/attachments/", StringComparison.Ordinal) => owner.AttachmentId,
                (_, "id") when raw.StartsWith("/api/queue/", StringComparison.Ordinal) => owner.QueueItemId,
                (_, "id") when raw.StartsWith("/api/credentials/", StringComparison.Ordinal) => owner.CredentialId,
                (_, "name") when raw.StartsWith("/api/budgets/agents/", StringComparison.Ordinal) => owner.AgentName,
                (_, "id") when raw.StartsWith("/api/budgets/sessions/", StringComparison.Ordinal) => owner.SessionId.ToString("D"),
                _ => throw new Xunit.Sdk.XunitException($"{raw}: this audit does not know what '{{{name}}}' names; teach PathFor which of the owner's resources to put there"),
            });
        }

        return ("/" + string.Join('/', segments), pattern.Parameters.Count > 0);
    }

    /// <summary>A body that would be valid for the owner, so a 404 can only come from the tenant check.</summary>
    private static object? BodyFor(string method, string pattern, Owner owner) => (method, pattern) switch
    {
        ("POST", "/api/sessions/") or ("POST", "/api/sessions") => new { agent = owner.AgentName },
        ("POST", "/api/agents/") or ("POST", "/api/agents") => new { name = "intruder-" + Guid.NewGuid().ToString("N")[..6], path = RepositoryPaths.ExampleAgent },
        ("POST", "/api/sessions/{id}/messages") => new { content = "hello" },
        ("POST", "/api/sessions/{id}/exec") => new { command = "cat " + SecretFile },
        ("POST", "/api/agents/{name}/files") => new { files = new[] { new { path = "planted.md", content = Convert.ToBase64String("planted"u8.ToArray()) } } },
        ("POST", "/api/sessions/{id}/attachments") => new { filename = "planted.txt", content = Convert.ToBase64String("planted"u8.ToArray()) },
        ("POST", "/api/sessions/{id}/files") => new { files = new[] { new { path = "planted.txt", content = Convert.ToBase64String("planted"u8.ToArray()) } } },
        ("POST", "/api/sessions/{id}/workspace") => new { bundle = Convert.ToBase64String(Bundle()) },
        ("POST", "/api/credentials/") or ("POST", "/api/credentials") => new { type = "anthropic", key = "sk-ant-intruder", label = "intruder" },
        ("PUT", _) when pattern.StartsWith("/api/budgets/", StringComparison.Ordinal) => new { limitUsd = 1 },
        ("POST", _) => new { },
        _ => null,
    };

    private static async Task<(HttpStatusCode Status, string Body)> CallAsync(HttpClient http, string method, string path, object? body)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            // A stream was opened on the other tenant's session: that alone is the failure; its frames are not needed.
            return (response.StatusCode, "<an event stream>");
        }

        return (response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token));
    }

    /// <summary>Tenant A: an agent, a session that ran a turn, a file in its workspace, two keys, an attachment, a queued job, a credential and budgets.</summary>
    private async Task<Owner> OwnerAsync()
    {
        var (_, key, keyId) = await platform.NewTenantAsync();
        var http = platform.Server.CreateClient(key);
        await TenantCalls.CreateKeyAsync(http, "spare");
        var agentName = await Api.DeployAgentAsync(http, name: "owned-" + Guid.NewGuid().ToString("N")[..8]);
        var agentId = (await Api.GetJsonAsync(http, $"/api/agents/{agentName}"))["agent"]!["id"]!.GetValue<string>();
        var session = await Api.CreateSessionAsync(http, agentName);
        var message = "owner-message-" + Guid.NewGuid().ToString("N");
        await Api.SendAsync(http, session, message);
        var content = "owner-file-" + Guid.NewGuid().ToString("N");
        using var written = await http.PostAsJsonAsync($"/api/sessions/{session}/files", new { files = new[] { new { path = SecretFile, content = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)) } } });
        await Api.EnsureStatusAsync(written, HttpStatusCode.OK);
        var attached = "owner-attachment-" + Guid.NewGuid().ToString("N");
        using var attachment = await http.PostAsJsonAsync($"/api/sessions/{session}/attachments", new { filename = "owned.txt", content = Convert.ToBase64String(Encoding.UTF8.GetBytes(attached)) });
        await Api.EnsureStatusAsync(attachment, HttpStatusCode.Created);
        var attachmentId = (await attachment.Content.ReadFromJsonAsync<JsonObject>())!["attachment"]!["id"]!.GetValue<string>();
        var prompt = "owner-job-" + Guid.NewGuid().ToString("N");
        using var job = await http.PostAsJsonAsync("/api/queue", new { agentName, prompt, priority = 0 });
        await Api.EnsureStatusAsync(job, HttpStatusCode.Created);
        var jobId = (await job.Content.ReadFromJsonAsync<JsonObject>())!["item"]!["id"]!.GetValue<string>();
        var label = "owner-credential-" + Guid.NewGuid().ToString("N");
        using var credential = await http.PostAsJsonAsync("/api/credentials", new { type = "anthropic", key = "sk-ant-" + Guid.NewGuid().ToString("N"), label });
        await Api.EnsureStatusAsync(credential, HttpStatusCode.Created);
        var credentialId = (await credential.Content.ReadFromJsonAsync<JsonObject>())!["credential"]!["id"]!.GetValue<string>();
        foreach (var budget in OwnerBudgets(agentName, session))
        {
            using var set = await http.PutAsJsonAsync(budget, new { limitUsd = 123.45m });
            await Api.EnsureStatusAsync(set, HttpStatusCode.OK);
        }

        var status = await Api.StatusOfAsync(http, session);
        return new Owner(
            http, keyId, agentName, agentId, session, status, attachmentId, jobId, credentialId,
            [session.ToString("D"), agentId, keyId, message, content, attachmentId, attached, jobId, prompt, credentialId, label]);
    }

    private static async Task AssertUntouchedAsync(Owner owner)
    {
        var status = await Api.StatusOfAsync(owner.Http, owner.SessionId);
        if (status != owner.SessionStatus)
        {
            // The one change allowed is the server's own: a platform with a short idle timeout stops an idle session.
            var last = (await Api.EventsOfTypeAsync(owner.Http, owner.SessionId, "status"))[^1];
            Assert.True(status == "stopped" && last["reason"]?.GetValue<string>() == "idle", $"the owner's session went from {owner.SessionStatus} to {status}: {last.ToJsonString()}");
        }

        var file = await Api.GetJsonAsync(owner.Http, $"/api/sessions/{owner.SessionId}/files/{SecretFile}?format=json");
        Assert.Equal(owner.Secrets[4], file["content"]!.GetValue<string>());
        using var planted = await owner.Http.GetAsync($"/api/sessions/{owner.SessionId}/files/planted.txt");
        Assert.Equal(HttpStatusCode.NotFound, planted.StatusCode);
        Assert.Equal(owner.AgentId, (await Api.GetJsonAsync(owner.Http, $"/api/agents/{owner.AgentName}"))["agent"]!["id"]!.GetValue<string>());
        var keys = (await Api.GetJsonAsync(owner.Http, "/api/api-keys"))["keys"]!.AsArray();
        Assert.Contains(keys, k => k!["id"]!.GetValue<string>() == owner.KeyId);
        Assert.Single((await Api.GetJsonAsync(owner.Http, $"/api/sessions/{owner.SessionId}/messages"))["messages"]!.AsArray(), m => m!["role"]!.GetValue<string>() == "user");
        using var attachment = await owner.Http.GetAsync($"/api/attachments/{owner.AttachmentId}");
        Assert.Equal(owner.Secrets[6], await attachment.Content.ReadAsStringAsync());
        var job = await Api.GetJsonAsync(owner.Http, $"/api/queue/{owner.QueueItemId}");
        Assert.NotEqual("cancelled", job["item"]!["status"]!.GetValue<string>());
        var credentials = (await Api.GetJsonAsync(owner.Http, "/api/credentials"))["credentials"]!.AsArray();
        Assert.Contains(credentials, c => c!["id"]!.GetValue<string>() == owner.CredentialId);
        var budgets = (await Api.GetJsonAsync(owner.Http, "/api/budgets"))["budgets"]!.AsArray();
        Assert.Equal(3, budgets.Count);
        Assert.All(budgets, b => Assert.Equal(123.45m, b!["limitUsd"]!.GetValue<decimal>()));
    }

    /// <summary>The owner's budgets: on its tenant, its agent and its session.</summary>
    private static string[] OwnerBudgets(string agentName, Guid session) =>
        ["/api/budgets/tenant", $"/api/budgets/agents/{agentName}", $"/api/budgets/sessions/{session}"];

    private static byte[] Bundle()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "planted.txt") { DataStream = new MemoryStream("planted"u8.ToArray()) };
            tar.WriteEntry(entry);
        }

        return buffer.ToArray();
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;

    /// <param name="Secrets">
    /// Values only tenant A's data holds: session id, agent id, key id, a message, a file's content, an attachment's
    /// id and content, a queued job's id and prompt, a credential's id and label (its session's usage records carry the session id).
    /// </param>
    private sealed record Owner(
        HttpClient Http, string KeyId, string AgentName, string AgentId, Guid SessionId, string SessionStatus, string AttachmentId, string QueueItemId,
        string CredentialId, string[] Secrets);
}

/// <summary>The audit on the embedded server.</summary>
public sealed class TenantIsolationTests(TenantsFixture platform) : TenantIsolationAudit(platform), IClassFixture<TenantsFixture>;
