using System.Globalization;

namespace Ash.Testing.DaprSidecar.Apps;

/// <summary>Go's <c>time.ParseDuration</c> syntax: <c>500ms</c>, <c>30s</c>, <c>1h30m</c>, <c>1.5h</c>, <c>-2m</c>.</summary>
internal static class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        var negative = span[0] == '-';
        if (span[0] is '-' or '+')
        {
            span = span[1..];
        }

        if (span is "0")
        {
            return true;
        }

        if (span.IsEmpty)
        {
            return false;
        }

        double ticks = 0;
        while (!span.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < span.Length && (char.IsAsciiDigit(span[numberLength]) || span[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !double.TryParse(span[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            span = span[numberLength..];
            var unitLength = 0;
            while (unitLength < span.Length && !char.IsAsciiDigit(span[unitLength]) && span[unitLength] != '.')
            {
                unitLength++;
            }

            double? ticksPerUnit = span[..unitLength] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (ticksPerUnit is not { } perUnit)
            {
                return false;
            }

            ticks += number * perUnit;
            span = span[unitLength..];
        }

        value = TimeSpan.FromTicks((long)Math.Round(negative ? -ticks : ticks));
        return true;
    }
}
