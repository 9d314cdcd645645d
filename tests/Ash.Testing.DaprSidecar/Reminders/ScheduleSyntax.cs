using System.Globalization;
using System.Text.RegularExpressions;
using Ash.Testing.DaprSidecar.Apps;

namespace Ash.Testing.DaprSidecar.Reminders;

/// <summary>
/// The time syntaxes of reminder and timer bodies (reference §1.3): <c>dueTime</c> is a Go duration, an
/// ISO-8601 duration or an RFC3339 time; <c>period</c> a Go or ISO-8601 duration with an optional
/// <c>Rn/</c> repeat count; <c>ttl</c> any of the three.
/// </summary>
internal static partial class ScheduleSyntax
{
    public static bool TryParseDueTime(string? text, DateTimeOffset now, out DateTimeOffset due)
    {
        due = now;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (GoDuration.TryParse(text, out var duration))
        {
            due = duration > TimeSpan.Zero ? now + duration : now;
            return true;
        }

        if (TryParseIsoDuration(text, out var interval))
        {
            due = interval.AddTo(now);
            return true;
        }

        return TryParseTime(text, out due);
    }

    public static bool TryParsePeriod(string? text, out ScheduleInterval? interval, out int? repetitions)
    {
        interval = null;
        repetitions = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (RepeatPrefix().Match(text) is { Success: true } repeat)
        {
            if (!int.TryParse(repeat.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1
                || !TryParseIsoDuration(repeat.Groups[2].Value, out var repeated) || !repeated.IsPositive)
            {
                return false;
            }

            interval = repeated;
            repetitions = count;
            return true;
        }

        if (GoDuration.TryParse(text, out var duration))
        {
            interval = ScheduleInterval.Of(duration);
            return duration > TimeSpan.Zero;
        }

        if (TryParseIsoDuration(text, out var parsed))
        {
            interval = parsed;
            return parsed.IsPositive;
        }

        return false;
    }

    public static bool TryParseTtl(string? text, DateTimeOffset now, out DateTimeOffset? expiration)
    {
        expiration = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (GoDuration.TryParse(text, out var duration))
        {
            expiration = now + duration;
            return true;
        }

        if (TryParseIsoDuration(text, out var interval))
        {
            expiration = interval.AddTo(now);
            return true;
        }

        if (TryParseTime(text, out var time))
        {
            expiration = time;
            return true;
        }

        return false;
    }

    public static bool TryParseIsoDuration(string text, out ScheduleInterval interval)
    {
        interval = ScheduleInterval.Of(TimeSpan.Zero);
        var match = IsoDuration().Match(text);
        if (!match.Success || text is "P" || text.EndsWith('T'))
        {
            return false;
        }

        int Whole(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var seconds = match.Groups[7].Success ? double.Parse(match.Groups[7].Value.Replace(',', '.'), CultureInfo.InvariantCulture) : 0;
        interval = new ScheduleInterval(
            Whole(1),
            Whole(2),
            (Whole(3) * 7) + Whole(4),
            TimeSpan.FromHours(Whole(5)) + TimeSpan.FromMinutes(Whole(6)) + TimeSpan.FromSeconds(seconds));
        return true;
    }

    private static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time) && text.Contains('T', StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDuration();

    [GeneratedRegex(@"^R(\d+)/(P.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex RepeatPrefix();
}
