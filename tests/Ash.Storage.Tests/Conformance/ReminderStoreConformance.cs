using Ash.Core.Reminders;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class ReminderStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListDueAsync_SetReminder_ReturnsItOnceDue()
    {
        var reminder = new Reminder("session", "s1", "idle", T0.AddMinutes(5), """{"k":1}""");
        await Stores.Reminders.SetAsync(reminder, Token);

        Assert.Empty(await Stores.Reminders.ListDueAsync(T0, 10, Token));
        Assert.Equal([reminder], await Stores.Reminders.ListDueAsync(T0.AddMinutes(5), 10, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task SetAsync_SameKey_MovesTheReminder()
    {
        await Stores.Reminders.SetAsync(new Reminder("session", "s1", "idle", T0.AddMinutes(5), "old"), Token);
        var moved = new Reminder("session", "s1", "idle", T0.AddMinutes(10), "new");

        await Stores.Reminders.SetAsync(moved, Token);

        Assert.Equal([moved], await Stores.Reminders.ListDueAsync(T0.AddHours(1), 10, Token));
        Assert.Equal(moved.DueAt, await Stores.Reminders.NextDueAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListDueAsync_SeveralDue_ReturnsEarliestFirstUpToLimit()
    {
        var late = new Reminder("session", "s1", "a", T0.AddMinutes(3), null);
        var early = new Reminder("session", "s2", "a", T0.AddMinutes(1), null);
        var middle = new Reminder("runner", "r1", "b", T0.AddMinutes(2), null);
        var future = new Reminder("session", "s3", "a", T0.AddMinutes(30), null);
        foreach (var reminder in new[] { late, future, early, middle })
        {
            await Stores.Reminders.SetAsync(reminder, Token);
        }

        Assert.Equal([early, middle, late], await Stores.Reminders.ListDueAsync(T0.AddMinutes(10), 10, Token));
        Assert.Equal([early, middle], await Stores.Reminders.ListDueAsync(T0.AddMinutes(10), 2, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task DeleteAsync_WithCurrentDueAt_DeletesIt()
    {
        var reminder = new Reminder("session", "s1", "idle", T0, null);
        await Stores.Reminders.SetAsync(reminder, Token);

        Assert.True(await Stores.Reminders.DeleteAsync("session", "s1", "idle", T0, Token));
        Assert.Null(await Stores.Reminders.NextDueAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task DeleteAsync_WithStaleDueAt_KeepsTheMovedReminder()
    {
        await Stores.Reminders.SetAsync(new Reminder("session", "s1", "idle", T0, null), Token);
        await Stores.Reminders.SetAsync(new Reminder("session", "s1", "idle", T0.AddMinutes(1), null), Token);

        Assert.False(await Stores.Reminders.DeleteAsync("session", "s1", "idle", T0, Token));
        Assert.Equal(T0.AddMinutes(1), await Stores.Reminders.NextDueAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task DeleteAsync_WithoutDueAt_DeletesWhateverIsSet()
    {
        await Stores.Reminders.SetAsync(new Reminder("session", "s1", "idle", T0, null), Token);
        await Stores.Reminders.SetAsync(new Reminder("session", "s1", "other", T0, null), Token);

        Assert.True(await Stores.Reminders.DeleteAsync("session", "s1", "idle", null, Token));
        Assert.False(await Stores.Reminders.DeleteAsync("session", "s1", "idle", null, Token));
        Assert.Single(await Stores.Reminders.ListDueAsync(T0, 10, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task NextDueAsync_Empty_ReturnsNull()
    {
        Assert.Null(await Stores.Reminders.NextDueAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task NextDueAsync_SeveralReminders_ReturnsTheEarliest()
    {
        await Stores.Reminders.SetAsync(new Reminder("session", "s1", "a", T0.AddMinutes(7), null), Token);
        await Stores.Reminders.SetAsync(new Reminder("session", "s2", "a", T0.AddMinutes(2), null), Token);

        Assert.Equal(T0.AddMinutes(2), await Stores.Reminders.NextDueAsync(Token));
    }
}
