namespace Ash.Storage.Tests.Infrastructure;

/// <summary>
/// Bounds for whole tests, in milliseconds (xunit's <c>Timeout</c>): past it the test fails and
/// <c>TestContext.Current.CancellationToken</c>, which every store call receives, is cancelled.
/// </summary>
public static class TestTimeouts
{
    public const int Default = 60_000;

    /// <summary>Thousands of rows, or a server restart.</summary>
    public const int Long = 180_000;

    public static readonly TimeSpan Setup = TimeSpan.FromSeconds(60);
}
