using System.Globalization;

namespace Ash.Cli.Output;

// Short human ages for tables (42s ago, 5m ago, 3h ago, 2d ago), durations, and waits.
internal static class RelativeTime
{
    public static string Since(DateTimeOffset time, DateTimeOffset now)
    {
        var age = now - time;
        return age switch
        {
            { TotalSeconds: < 1 } => "just now",
            { TotalMinutes: < 1 } => Format(age.TotalSeconds, "s"),
            { TotalHours: < 1 } => Format(age.TotalMinutes, "m"),
            { TotalDays: < 1 } => Format(age.TotalHours, "h"),
            _ => Format(age.TotalDays, "d"),
        };
    }

    // A duration as its two largest units: 2h 5m, 3d 4h, 12s.
    public static string Duration(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Seconds}s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds}s"),
        { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h {span.Minutes}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours}h"),
    };

    // A wait before a retry, in whole seconds rounded up: "retry in 0 s" would invite a retry that is bound to fail.
    public static string Wait(TimeSpan wait) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds))} s");

    private static string Format(double value, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)value}{unit} ago");
}
