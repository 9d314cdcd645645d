using Ash.Core.Queue;

namespace Ash.Core.Tests.Queue;

public sealed class QueueBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(6, 160)]
    [InlineData(7, 300)]
    [InlineData(60, 300)]
    [InlineData(int.MaxValue, 300)]
    public void After_NthFailure_DoublesFromTheBaseUpToTheCap(int failures, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), QueueBackoff.After(failures, Base, Cap));
    }

    [Fact]
    public void After_NoFailure_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, QueueBackoff.After(0, Base, Cap));
    }
}
