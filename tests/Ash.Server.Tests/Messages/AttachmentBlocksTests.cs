using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ash.Core.Auth;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Messages;

/// <summary>
/// A message's attachment references reach the model as content blocks (issue 13): the real claude binary
/// against the fake model, which records what it was sent; and the references that are refused.
/// </summary>
public sealed class AttachmentBlocksTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    /// <summary>A 4 by 4 RGBA PNG: the CLI reads an image's dimensions, and puts a note in place of one it cannot read.</summary>
    internal const string PngBase64 =
        "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAYAAACp8Z5+AAAAK0lEQVR4nBXIMQEAMAzDsAArMJ8FFX6be+hRkn0jVCVjCHUuMITKRQ2h6gM5yCMxNa2/WQAAAABJRU5ErkJggg==";

    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task ImageAttachment_ReachesTheModelAsAnImageBlock_WithTheUploadedBytes()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var id = await UploadAsync(Http, session, "chart.png", Convert.FromBase64String(PngBase64), "image/png");
        var marker = "image-" + Guid.NewGuid().ToString("N");

        var blocks = await ModelBlocksAsync(session, new { content = new object[] { new { type = "text", text = marker }, Reference(id) } }, marker);

        var image = Assert.Single(blocks, b => b.GetProperty("type").GetString() == "image");
        var source = image.GetProperty("source");
        Assert.Equal("base64", source.GetProperty("type").GetString());
        Assert.Equal("image/png", source.GetProperty("media_type").GetString());
        Assert.Equal(PngBase64, source.GetProperty("data").GetString());
    }

    [Fact]
    public async Task PdfAttachment_ReachesTheModelAsABase64Document_WithItsName()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
        var id = await UploadAsync(Http, session, "report.pdf", pdf, "application/pdf");
        var marker = "pdf-" + Guid.NewGuid().ToString("N");

        var blocks = await ModelBlocksAsync(session, new { content = new object[] { new { type = "text", text = marker }, Reference(id) } }, marker);

        var document = Assert.Single(blocks, b => b.GetProperty("type").GetString() == "document");
        var source = document.GetProperty("source");
        Assert.Equal("base64", source.GetProperty("type").GetString());
        Assert.Equal("application/pdf", source.GetProperty("media_type").GetString());
        Assert.Equal(pdf, Convert.FromBase64String(source.GetProperty("data").GetString()!));
        Assert.Equal("report.pdf", document.GetProperty("title").GetString());
    }

    [Fact]
    public async Task TextAttachment_InTheAttachmentsField_ReachesTheModelAsATextDocument_AndTheHistoryKeepsTheReference()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var text = "name: ash\nnote: \"quoted\" and non-ASCII — héllo ✓\n";
        var id = await UploadAsync(Http, session, "config.yaml", Encoding.UTF8.GetBytes(text), "application/x-yaml");
        var marker = "text-" + Guid.NewGuid().ToString("N");

        var blocks = await ModelBlocksAsync(session, new { content = marker, attachments = new[] { id } }, marker);

        var document = Assert.Single(blocks, b => b.GetProperty("type").GetString() == "document");
        var source = document.GetProperty("source");
        Assert.Equal("text", source.GetProperty("type").GetString());
        Assert.Equal("text/plain", source.GetProperty("media_type").GetString());
        Assert.Equal(text, source.GetProperty("data").GetString());
        Assert.Equal("config.yaml", document.GetProperty("title").GetString());

        // The history row is the message as sent (the string made a text block), not the attachment's bytes.
        var messages = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray();
        var user = messages.Single(m => m!["role"]!.GetValue<string>() == "user")!;
        var row = JsonNode.Parse(user["content"]!.GetValue<string>())!;
        Assert.True(
            JsonNode.DeepEquals(
                JsonNode.Parse($$"""[{"type":"text","text":"{{marker}}"},{"type":"attachment","attachmentId":"{{id}}"}]"""),
                row["content"]),
            row.ToJsonString());

        // Uploaded without a message, the attachment now belongs to the one that sent it.
        var attachment = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/attachments"))["attachments"]!.AsArray().Single()!;
        Assert.Equal(user["id"]!.GetValue<string>(), attachment["messageId"]!.GetValue<string>());
    }

    [Fact]
    public async Task AttachmentUploadedForAMessage_KeepsItsMessageId_WhenSent()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var given = Guid.NewGuid().ToString("D");
        using var upload = await Http.PostAsJsonAsync(
            $"/api/sessions/{session}/attachments",
            new { filename = "a.txt", content = Convert.ToBase64String("kept"u8.ToArray()), mimeType = "text/plain", messageId = given },
            TestContext.Current.CancellationToken);
        var id = (await upload.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["attachment"]!["id"]!.GetValue<string>();
        var marker = "kept-" + Guid.NewGuid().ToString("N");

        await ModelBlocksAsync(session, new { content = marker, attachments = new[] { id } }, marker);

        var attachment = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/attachments"))["attachments"]!.AsArray().Single()!;
        Assert.Equal(given, attachment["messageId"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownOrAnotherSessionsOrAnotherTenantsAttachment_IsTheSame400_AndNothingIsQueued()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        var otherSession = await Api.CreateSessionAsync(Http, agent);
        var otherSessions = await UploadAsync(Http, otherSession, "theirs.txt", "other session"u8.ToArray(), "text/plain");
        var otherKey = "ash_other_tenant_" + Guid.NewGuid().ToString("N");
        await platform.Server.Services.GetRequiredService<IApiKeyStore>().AddAsync("tenant-attach-b", ApiKeyHash.Hash(otherKey), "test", CancellationToken.None);
        using var other = platform.Server.CreateClient(otherKey);
        var otherTenantsSession = await Api.CreateSessionAsync(other, await Api.DeployAgentAsync(other));
        var otherTenants = await UploadAsync(other, otherTenantsSession, "secret.txt", "other tenant"u8.ToArray(), "text/plain");
        var unknown = Guid.NewGuid().ToString("D");

        var answers = new List<(HttpStatusCode Status, string Code, string Error)>();
        foreach (var id in new[] { unknown, otherSessions, otherTenants })
        {
            var (status, code, error) = await SendRefusedAsync(session, new { content = new object[] { new { type = "text", text = "look" }, Reference(id) } });
            answers.Add((status, code, error.Replace(id, "<id>", StringComparison.Ordinal)));
        }

        Assert.Equal((HttpStatusCode.BadRequest, "attachment_not_found"), (answers[0].Status, answers[0].Code));
        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
        Assert.Empty((await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray());
    }

    [Fact]
    public async Task AnAttachmentTheModelCannotRead_Is400_NamingItsTypeAndWhatIsSupported()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var zip = await UploadAsync(Http, session, "bundle.zip", [0x50, 0x4B, 0x03, 0x04, 0x00], "application/zip");
        var notUtf8 = await UploadAsync(Http, session, "latin1.txt", [0x63, 0x61, 0x66, 0xE9], "text/plain");

        var (zipStatus, zipCode, zipError) = await SendRefusedAsync(session, new { content = "look", attachments = new[] { zip } });
        var (textStatus, textCode, textError) = await SendRefusedAsync(session, new { content = "look", attachments = new[] { notUtf8 } });

        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_attachment_type"), (zipStatus, zipCode));
        Assert.Contains("application/zip", zipError);
        Assert.Contains("image/png", zipError);
        Assert.Contains("application/pdf", zipError);
        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_attachment_type"), (textStatus, textCode));
        Assert.Contains("UTF-8", textError);
        Assert.Empty((await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray());
    }

    [Fact]
    public async Task AnImageOverTheModelsLimit_Is400_AndNothingIsQueued()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        // 5 MiB of base64 is the most the model takes: 3,932,160 bytes.
        var over = await UploadAsync(Http, session, "big.png", new byte[3_932_161], "image/png");

        var (status, code, error) = await SendRefusedAsync(session, new { content = "look", attachments = new[] { over } });

        Assert.Equal((HttpStatusCode.BadRequest, "attachment_too_large_for_model"), (status, code));
        Assert.Contains("big.png", error);
        Assert.Empty((await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray());
    }

    [Fact]
    public async Task AttachmentsPastWhatTheModelTakesInOneMessage_Are400_EachReferenceCounting()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var text = new byte[9 * 1024 * 1024];
        Array.Fill(text, (byte)'a');
        var id = await UploadAsync(Http, session, "nine-mib.txt", text, "text/plain");

        // Twice is 18 MiB, three times 27 MiB: past the 24 MiB one message may carry to the model.
        var (status, code, error) = await SendRefusedAsync(session, new { content = "look", attachments = new[] { id, id, id } });

        Assert.Equal((HttpStatusCode.BadRequest, "attachment_too_large_for_model"), (status, code));
        Assert.Contains("one message", error);
        Assert.Empty((await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray());
    }

    [Fact]
    public async Task BlocksPastTwenty_CountingAttachments_OrABadReference_Are400()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var id = await UploadAsync(Http, session, "a.txt", "a"u8.ToArray(), "text/plain");
        var twenty = Enumerable.Range(0, 20).Select(i => (object)new { type = "text", text = $"block {i}" }).ToArray();

        var tooMany = await SendRefusedAsync(session, new { content = twenty, attachments = new[] { id } });
        var extraField = await SendRefusedAsync(session, new { content = new object[] { new { type = "attachment", attachmentId = id, name = "a.txt" } } });
        var notAnId = await SendRefusedAsync(session, new { content = new object[] { new { type = "attachment", attachmentId = "a.txt" } } });
        var badListEntry = await SendRefusedAsync(session, new { content = "look", attachments = new[] { "a.txt" } });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (tooMany.Status, tooMany.Code));
        Assert.Contains("20", tooMany.Error);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (extraField.Status, extraField.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (notAnId.Status, notAnId.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (badListEntry.Status, badListEntry.Code));
        Assert.Empty((await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray());
    }

    private static object Reference(string id) => new { type = "attachment", attachmentId = id };

    private static async Task<string> UploadAsync(HttpClient http, Guid session, string filename, byte[] content, string mimeType)
    {
        using var response = await http.PostAsJsonAsync(
            $"/api/sessions/{session}/attachments",
            new { filename, content = Convert.ToBase64String(content), mimeType },
            TestContext.Current.CancellationToken);
        await Api.EnsureStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["attachment"]!["id"]!.GetValue<string>();
    }

    /// <summary>
    /// Sends a message (the session's first) and returns the user content blocks of the first model request with
    /// the marker (the CLI adds a text block after an image, naming where it keeps it).
    /// </summary>
    private async Task<List<JsonElement>> ModelBlocksAsync(Guid session, object body, string marker)
    {
        var seen = platform.Model.Requests.Count;
        var frames = await Api.SendBodyAsync(Http, session, body);
        Assert.True(frames[^1].Event == "done" && frames.All(f => f.Event != "error"), string.Join("\n", frames.Select(f => $"{f.Event} {f.Data}")));
        var requests = platform.Model.Requests.Skip(seen)
            .Where(r => r.UserTexts.Any(t => t.Contains(marker, StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(requests);
        return UserBlocks(requests[0]);
    }

    private static List<JsonElement> UserBlocks(RecordedModelRequest request)
    {
        var blocks = new List<JsonElement>();
        foreach (var message in JsonDocument.Parse(request.Body).RootElement.GetProperty("messages").EnumerateArray())
        {
            if (message.GetProperty("role").GetString() == "user" && message.GetProperty("content") is { ValueKind: JsonValueKind.Array } content)
            {
                blocks.AddRange(content.EnumerateArray().Select(b => b.Clone()));
            }
        }

        return blocks;
    }

    private async Task<(HttpStatusCode Status, string Code, string Error)> SendRefusedAsync(Guid session, object body)
    {
        using var response = await Http.PostAsJsonAsync($"/api/sessions/{session}/messages", body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode != HttpStatusCode.OK, "the message was accepted: " + text);
        var error = JsonNode.Parse(text)!;
        return (response.StatusCode, error["code"]!.GetValue<string>(), error["error"]!.GetValue<string>());
    }
}
