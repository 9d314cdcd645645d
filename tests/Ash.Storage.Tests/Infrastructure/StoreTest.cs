using Ash.Core.Events;
using Ash.Core.Sessions;

namespace Ash.Storage.Tests.Infrastructure;

/// <summary>
/// Base of the conformance tests: each test gets its own empty database, so tests of store-wide reads
/// (due reminders, open turns, counts) see only their own rows.
/// </summary>
public abstract class StoreTest(StoreBackend backend) : IAsyncLifetime
{
    /// <summary>Whole milliseconds: both engines store at least microseconds, so values round-trip exactly.</summary>
    protected static readonly DateTimeOffset T0 = new(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);

    private StoreSet? _stores;

    protected StoreSet Stores => _stores ?? throw new InvalidOperationException("The stores open in InitializeAsync.");

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _stores = await backend.OpenAsync(Token).WaitAsync(TestTimeouts.Setup, Token);

    public async ValueTask DisposeAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Setup);
        }

        GC.SuppressFinalize(this);
    }

    protected static Session NewSession(
        string tenant = "tenant",
        string agent = "agent",
        DateTimeOffset? createdAt = null,
        SessionStatus status = SessionStatus.Active,
        Guid? id = null) =>
        new(
            id ?? Guid.NewGuid(),
            tenant,
            agent,
            "sandbox-1",
            status,
            RunnerId: null,
            ParentSessionId: null,
            createdAt ?? T0,
            createdAt ?? T0,
            SessionOptions.Empty);

    protected static SessionEvent Event(Guid session, long sequence, long turn = 1, string type = EventTypes.TextDelta, string? data = "{}") =>
        new(session, "tenant", sequence, turn, type, data is null ? null : System.Text.Encoding.UTF8.GetBytes(data), T0.AddMilliseconds(sequence));
}
