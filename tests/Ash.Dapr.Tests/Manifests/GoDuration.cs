using System.Text.RegularExpressions;

namespace Ash.Dapr.Tests.Manifests;

/// <summary>Go's time.ParseDuration grammar, which Dapr uses for every duration in its specs (dapr-http-api.md conventions).</summary>
internal static partial class GoDuration
{
    public static bool IsValid(string? text) => text is not null && Pattern().IsMatch(text);

    [GeneratedRegex(@"^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$")]
    private static partial Regex Pattern();
}
