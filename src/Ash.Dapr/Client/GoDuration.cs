using System.Globalization;

namespace Ash.Dapr.Client;

/// <summary>Durations as Dapr's Go side reads them (<c>1500ms</c>, <c>30s</c>, <c>1h30m</c>).</summary>
public static class GoDuration
{
    /// <summary>Whole milliseconds: always a valid Go duration, and exact for what we schedule.</summary>
    public static string Format(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? "0s" : ((long)Math.Ceiling(duration.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>
    /// Parses a Go duration as Dapr reads its specs (time.ParseDuration): a sequence of number + unit
    /// (ns, us, µs, ms, s, m, h), e.g. <c>1h30m</c> or <c>1.5s</c>; "0" alone needs no unit.
    /// </summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var rest = text.AsSpan();
        var total = 0d;
        while (!rest.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < rest.Length && (char.IsAsciiDigit(rest[numberLength]) || rest[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !double.TryParse(rest[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            rest = rest[numberLength..];
            var unitLength = 0;
            while (unitLength < rest.Length && !char.IsAsciiDigit(rest[unitLength]) && rest[unitLength] != '.')
            {
                unitLength++;
            }

            double? ticksPerUnit = rest[..unitLength] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (ticksPerUnit is null)
            {
                return false;
            }

            total += number * ticksPerUnit.Value;
            rest = rest[unitLength..];
        }

        duration = TimeSpan.FromTicks((long)total);
        return true;
    }
}
