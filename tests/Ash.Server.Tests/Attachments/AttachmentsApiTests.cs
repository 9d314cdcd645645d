using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Core.Auth;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Attachments;

/// <summary>Ash's attachment routes against the real server: upload, list, download, delete, limits, tenants.</summary>
public sealed class AttachmentsApiTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Upload_ThenListDownloadDelete_KeepsTheBytesTheNameAndTheType()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();
        var messageId = Guid.NewGuid().ToString("D");

        using var upload = await UploadAsync(Http, session, new { filename = "../../reports/q3 chart.png", content = Convert.ToBase64String(bytes), mimeType = "Image/PNG", messageId });
        var created = (await upload.Content.ReadFromJsonAsync<JsonObject>())!["attachment"]!;
        var id = created["id"]!.GetValue<string>();
        var listed = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/attachments"))["attachments"]!.AsArray();
        using var download = await Http.GetAsync($"/api/attachments/{id}", TestContext.Current.CancellationToken);
        var downloaded = await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        using var delete = await Http.DeleteAsync($"/api/attachments/{id}", TestContext.Current.CancellationToken);
        using var again = await Http.GetAsync($"/api/attachments/{id}", TestContext.Current.CancellationToken);
        var after = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/attachments"))["attachments"]!.AsArray();

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal($"/api/attachments/{id}", upload.Headers.Location!.OriginalString);
        Assert.Equal("q3 chart.png", created["filename"]!.GetValue<string>());
        Assert.Equal("image/png", created["mimeType"]!.GetValue<string>());
        Assert.Equal(70_000, created["size"]!.GetValue<long>());
        Assert.Equal(messageId, created["messageId"]!.GetValue<string>());
        Assert.Equal(session.ToString("D"), created["sessionId"]!.GetValue<string>());
        Assert.Equal("default", created["tenantId"]!.GetValue<string>());
        Assert.Equal([id], listed.Select(item => item!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, downloaded);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty(after);
    }

    [Fact]
    public async Task BadUploads_AreRefusedWithTheReason_AndStoreNothing()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var ok = Convert.ToBase64String("hello"u8.ToArray());

        var noName = await StatusAsync(session, new { content = ok });
        var onlyDots = await StatusAsync(session, new { filename = "..", content = ok });
        var empty = await StatusAsync(session, new { filename = "a.txt", content = "" });
        var notBase64 = await StatusAsync(session, new { filename = "a.txt", content = "not base64!" });
        var badType = await StatusAsync(session, new { filename = "a.txt", content = ok, mimeType = "text" });
        var badMessage = await StatusAsync(session, new { filename = "a.txt", content = ok, messageId = "m-1" });
        var unknownSession = await StatusAsync(Guid.NewGuid(), new { filename = "a.txt", content = ok });
        var listed = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/attachments"))["attachments"]!.AsArray();

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), noName);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), onlyDots);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), empty);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), notBase64);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), badType);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), badMessage);
        Assert.Equal((HttpStatusCode.NotFound, "session_not_found"), unknownSession);
        Assert.Empty(listed);
    }

    [Fact]
    public async Task AnotherTenant_SeesNoneOfIt_AndCannotAttachToOrDeleteFromIt()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        using var upload = await UploadAsync(Http, session, new { filename = "secret.txt", content = Convert.ToBase64String("ours"u8.ToArray()) });
        var id = (await upload.Content.ReadFromJsonAsync<JsonObject>())!["attachment"]!["id"]!.GetValue<string>();
        var otherKey = "ash_other_tenant_" + Guid.NewGuid().ToString("N");
        await platform.Server.Services.GetRequiredService<IApiKeyStore>().AddAsync("tenant-b", ApiKeyHash.Hash(otherKey), "test", CancellationToken.None);
        using var other = platform.Server.CreateClient(otherKey);

        using var list = await other.GetAsync($"/api/sessions/{session}/attachments", TestContext.Current.CancellationToken);
        using var download = await other.GetAsync($"/api/attachments/{id}", TestContext.Current.CancellationToken);
        using var delete = await other.DeleteAsync($"/api/attachments/{id}", TestContext.Current.CancellationToken);
        using var attach = await UploadAsync(other, session, new { filename = "theirs.txt", content = Convert.ToBase64String("x"u8.ToArray()) });
        using var stillOurs = await Http.GetAsync($"/api/attachments/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, attach.StatusCode);
        Assert.Equal("ours", await stillOurs.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private Task<HttpResponseMessage> UploadAsync(HttpClient http, Guid session, object body) =>
        http.PostAsJsonAsync($"/api/sessions/{session}/attachments", body, TestContext.Current.CancellationToken);

    private async Task<(HttpStatusCode Status, string Code)> StatusAsync(Guid session, object body)
    {
        using var response = await UploadAsync(Http, session, body);
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (response.StatusCode, error!["code"]!.GetValue<string>());
    }
}
