using Ash.Core.Attachments;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class AttachmentStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AddThenGet_ReturnsTheSameRecord_OnlyToItsTenant()
    {
        var attachment = New("t1", Guid.NewGuid(), "chart.png", "image/png", 1234, Noon, messageId: "m-1");

        await AddAsync(attachment);

        Assert.Equal(attachment, await Stores.Attachments.GetAsync("t1", attachment.Id, Token));
        Assert.Equal(Bytes(attachment), await Stores.Attachments.GetContentAsync("t1", attachment.Id, Token));
        Assert.Null(await Stores.Attachments.GetAsync("t2", attachment.Id, Token));
        Assert.Null(await Stores.Attachments.GetContentAsync("t2", attachment.Id, Token));
        Assert.Null(await Stores.Attachments.GetAsync("t1", Guid.NewGuid(), Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task List_GivesOneSessionsAttachmentsOldestFirst_AndTotalAddsThemUp()
    {
        var session = Guid.NewGuid();
        var later = New("t1", session, "b.txt", "text/plain", 20, Noon.AddSeconds(5));
        var earlier = New("t1", session, "a.pdf", "application/pdf", 300, Noon);
        await AddAsync(later);
        await AddAsync(earlier);
        await AddAsync(New("t1", Guid.NewGuid(), "other.txt", "text/plain", 7, Noon));
        await AddAsync(New("t2", session, "theirs.txt", "text/plain", 9, Noon));

        var listed = await Stores.Attachments.ListAsync("t1", session, Token);

        Assert.Equal([earlier, later], listed);
        Assert.Equal((2, 320L), await Stores.Attachments.TotalAsync("t1", session, Token));
        Assert.Equal((0, 0L), await Stores.Attachments.TotalAsync("t1", Guid.NewGuid(), Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Delete_RemovesOnlyInItsTenant()
    {
        var attachment = New("t1", Guid.NewGuid(), "a.txt", "text/plain", 1, Noon);
        await AddAsync(attachment);

        Assert.False(await Stores.Attachments.DeleteAsync("t2", attachment.Id, Token));
        Assert.NotNull(await Stores.Attachments.GetAsync("t1", attachment.Id, Token));
        Assert.True(await Stores.Attachments.DeleteAsync("t1", attachment.Id, Token));
        Assert.Null(await Stores.Attachments.GetContentAsync("t1", attachment.Id, Token));
        Assert.False(await Stores.Attachments.DeleteAsync("t1", attachment.Id, Token));
        Assert.Null(await Stores.Attachments.GetAsync("t1", attachment.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task LinkToMessage_SetsTheMessageOfThoseWithout_InItsTenantAndSessionOnly()
    {
        var session = Guid.NewGuid();
        var unlinked = New("t1", session, "a.png", "image/png", 10, Noon);
        var linked = New("t1", session, "b.png", "image/png", 10, Noon, messageId: "m-earlier");
        var otherSession = New("t1", Guid.NewGuid(), "c.png", "image/png", 10, Noon);
        var otherTenant = New("t2", session, "d.png", "image/png", 10, Noon);
        foreach (var attachment in new[] { unlinked, linked, otherSession, otherTenant })
        {
            await AddAsync(attachment);
        }

        var count = await Stores.Attachments.LinkToMessageAsync("t1", session, [unlinked.Id, linked.Id, otherSession.Id, otherTenant.Id], "m-new", Token);

        Assert.Equal(1, count);
        Assert.Equal("m-new", (await Stores.Attachments.GetAsync("t1", unlinked.Id, Token))!.MessageId);
        Assert.Equal("m-earlier", (await Stores.Attachments.GetAsync("t1", linked.Id, Token))!.MessageId);
        Assert.Null((await Stores.Attachments.GetAsync("t1", otherSession.Id, Token))!.MessageId);
        Assert.Null((await Stores.Attachments.GetAsync("t2", otherTenant.Id, Token))!.MessageId);
    }

    private Task AddAsync(Attachment attachment) => Stores.Attachments.AddAsync(attachment, Bytes(attachment), Token);

    // Bytes as long as the record says, different for each attachment.
    private static byte[] Bytes(Attachment attachment) =>
        Enumerable.Range(0, (int)attachment.Size).Select(i => (byte)(attachment.Id.GetHashCode() + i)).ToArray();

    private static Attachment New(string tenant, Guid session, string filename, string mime, long size, DateTimeOffset createdAt, string? messageId = null) =>
        new(Guid.NewGuid(), tenant, session, messageId, filename, mime, size, createdAt);
}
