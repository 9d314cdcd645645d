namespace Ash.Dapr.Tests.Sidecar;

/// <summary>Waits for a condition with a generous bound instead of asserting on timing.</summary>
internal static class Wait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
