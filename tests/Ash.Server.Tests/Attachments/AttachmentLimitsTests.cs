using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Attachments;

/// <summary>The size and count limits of attachments, on a server whose limits are small.</summary>
public sealed class AttachmentLimitsTests(AttachmentLimitsTests.SmallLimitsFixture platform) : IClassFixture<AttachmentLimitsTests.SmallLimitsFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task AnAttachmentPastMaxBytes_Is413_AndOneAtIt_IsKept()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

        var atLimit = await UploadAsync(session, 4096);
        var overByOne = await UploadAsync(session, 4097);
        var farOver = await UploadAsync(session, 200_000);

        Assert.Equal((HttpStatusCode.Created, null), atLimit);
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "attachment_too_large"), overByOne);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, farOver.Status);
    }

    [Fact]
    public async Task ASessionHoldsAtMostMaxPerSession_AndMaxBytesPerSession()
    {
        var counted = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var sized = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

        var small = new List<(HttpStatusCode, string?)>();
        for (var i = 0; i < 4; i++)
        {
            small.Add(await UploadAsync(counted, 10));
        }

        var big = new List<(HttpStatusCode, string?)>();
        for (var i = 0; i < 3; i++)
        {
            big.Add(await UploadAsync(sized, 4096));
        }

        Assert.Equal([.. Enumerable.Repeat<(HttpStatusCode, string?)>((HttpStatusCode.Created, null), 3), (HttpStatusCode.Conflict, "too_many_attachments")], small);
        Assert.Equal([(HttpStatusCode.Created, null), (HttpStatusCode.Created, null), (HttpStatusCode.RequestEntityTooLarge, "session_attachments_full")], big);
    }

    private async Task<(HttpStatusCode Status, string? Code)> UploadAsync(Guid session, int size)
    {
        var body = new { filename = "f.bin", content = Convert.ToBase64String(new byte[size]) };
        using var response = await Http.PostAsJsonAsync($"/api/sessions/{session}/attachments", body, TestContext.Current.CancellationToken);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (response.StatusCode, response.IsSuccessStatusCode ? null : json?["code"]?.GetValue<string>());
    }

    /// <summary>4 KiB per attachment, 3 per session, 10,000 bytes per session.</summary>
    public sealed class SmallLimitsFixture : PlatformFixture
    {
        protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
        {
            ["Ash:Attachments:MaxBytes"] = "4096",
            ["Ash:Attachments:MaxPerSession"] = "3",
            ["Ash:Attachments:MaxBytesPerSession"] = "10000",
        };
    }
}
