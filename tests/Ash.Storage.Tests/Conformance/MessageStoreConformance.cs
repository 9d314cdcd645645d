using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class MessageStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AppendAsync_PerSession_NumbersFromOne()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        var a = await Stores.Messages.AppendAsync(first, "tenant", "user", "\"hi\"", Token);
        var b = await Stores.Messages.AppendAsync(first, "tenant", "assistant", "\"hello\"", Token);
        var c = await Stores.Messages.AppendAsync(second, "tenant", "user", "\"other\"", Token);

        Assert.Equal([1L, 2L, 1L], new[] { a.Sequence, b.Sequence, c.Sequence });
        Assert.Equal([a, b], await Stores.Messages.ListAsync(first, 0, 10, Token));
        Assert.Equal(first, a.SessionId);
        Assert.Equal("assistant", b.Role);
        Assert.Equal("\"hello\"", b.Content);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListAsync_AfterAndLimit_ReturnsTheWindow()
    {
        var session = Guid.NewGuid();
        for (var i = 0; i < 6; i++)
        {
            await Stores.Messages.AppendAsync(session, "tenant", "user", $"\"{i}\"", Token);
        }

        var window = await Stores.Messages.ListAsync(session, 2, 3, Token);

        Assert.Equal([3L, 4L, 5L], window.Select(message => message.Sequence));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AppendAsync_ConcurrentToOneSession_GivesDistinctSequences()
    {
        var session = Guid.NewGuid();

        var appended = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Stores.Messages.AppendAsync(session, "tenant", "user", $"\"{i}\"", Token)));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), appended.Select(message => message.Sequence).Order());
        Assert.Equal(20, (await Stores.Messages.ListAsync(session, 0, 100, Token)).Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CopyAsync_Twice_LeavesOneCopy()
    {
        var source = Guid.NewGuid();
        var target = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            await Stores.Messages.AppendAsync(source, "tenant", i % 2 == 0 ? "user" : "assistant", $"\"{i}\"", Token);
        }

        var first = await Stores.Messages.CopyAsync(source, target, "fork-tenant", Token);
        var second = await Stores.Messages.CopyAsync(source, target, "fork-tenant", Token);

        Assert.Equal(3, first);
        Assert.Equal(3, second);
        var original = await Stores.Messages.ListAsync(source, 0, 100, Token);
        var copied = await Stores.Messages.ListAsync(target, 0, 100, Token);
        Assert.Equal(3, copied.Count);
        Assert.Equal(
            original.Select(message => (message.Role, message.Content, message.Sequence, message.CreatedAt)),
            copied.Select(message => (message.Role, message.Content, message.Sequence, message.CreatedAt)));
        Assert.All(copied, message => Assert.Equal(target, message.SessionId));
        Assert.All(copied, message => Assert.Equal("fork-tenant", message.TenantId));
        Assert.Empty(copied.Select(message => message.Id).Intersect(original.Select(message => message.Id)));
        Assert.Equal(3, copied.Select(message => message.Id).Distinct().Count());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CopyAsync_TargetHasMessages_ReplacesThem()
    {
        var source = Guid.NewGuid();
        var target = Guid.NewGuid();
        await Stores.Messages.AppendAsync(source, "tenant", "user", "\"from source\"", Token);
        for (var i = 0; i < 4; i++)
        {
            await Stores.Messages.AppendAsync(target, "tenant", "user", "\"stale\"", Token);
        }

        Assert.Equal(1, await Stores.Messages.CopyAsync(source, target, "tenant", Token));

        var copied = Assert.Single(await Stores.Messages.ListAsync(target, 0, 100, Token));
        Assert.Equal("\"from source\"", copied.Content);
        var next = await Stores.Messages.AppendAsync(target, "tenant", "assistant", "\"next\"", Token);
        Assert.Equal(2, next.Sequence);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CopyAsync_EmptySource_EmptiesTarget()
    {
        var target = Guid.NewGuid();
        await Stores.Messages.AppendAsync(target, "tenant", "user", "\"stale\"", Token);

        Assert.Equal(0, await Stores.Messages.CopyAsync(Guid.NewGuid(), target, "tenant", Token));
        Assert.Empty(await Stores.Messages.ListAsync(target, 0, 100, Token));
    }
}
