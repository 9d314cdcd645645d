using System.Globalization;

namespace Ash.Core.Agents;

/// <summary>The values a turn limit may take, in <c>ash.json</c>, in a message and in the server's defaults alike.</summary>
public static class TurnRanges
{
    public const long MinSeconds = 1;

    /// <summary>A day: longer than any turn a person waits for, short enough that a hung agent is found.</summary>
    public const long MaxSeconds = 24 * 60 * 60;

    public const long MinOutputMb = 1;
    public const long MaxOutputMb = 1024;

    public const long MinOutputEvents = 100;
    public const long MaxOutputEvents = 10_000_000;

    public static bool IsSeconds(TimeSpan value) => value >= TimeSpan.FromSeconds(MinSeconds) && value <= TimeSpan.FromSeconds(MaxSeconds);

    public static string Describe(string name) => name switch
    {
        "maxOutputMb" => string.Create(CultureInfo.InvariantCulture, $"a whole number of MiB from {MinOutputMb} to {MaxOutputMb}"),
        "maxOutputEvents" => string.Create(CultureInfo.InvariantCulture, $"a whole number from {MinOutputEvents} to {MaxOutputEvents}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"a whole number of seconds from {MinSeconds} to {MaxSeconds}"),
    };
}
