using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Ash.Core.Errors;
using Ash.Core.Usage;

namespace Ash.Server.Usage;

/// <summary>The query strings of the usage routes, checked: every problem is a 400 naming the parameter.</summary>
internal static class UsageQueryParsing
{
    public static Result<UsageFilter> Filter(string? sessionId, string? agentName, string? after, string? before)
    {
        Guid? session = null;
        if (sessionId is not null)
        {
            if (!Guid.TryParseExact(sessionId, "D", out var parsed))
            {
                return AshError.Validation("'sessionId' must be a UUID");
            }

            session = parsed;
        }

        if (!TryTime(after, out var afterTime))
        {
            return AshError.Validation("'after' must be an ISO-8601 date-time");
        }

        if (!TryTime(before, out var beforeTime))
        {
            return AshError.Validation("'before' must be an ISO-8601 date-time");
        }

        return new UsageFilter(session, string.IsNullOrEmpty(agentName) ? null : agentName, afterTime, beforeTime);
    }

    public static Result<int> Limit(string? limit)
    {
        if (limit is null)
        {
            return 100;
        }

        return int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 1000
            ? value
            : AshError.Validation("'limit' must be between 1 and 1000");
    }

    public static Result<UsageCursor?> Cursor(string? cursor)
    {
        if (cursor is null)
        {
            return (UsageCursor?)null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var parts = text.Split('|');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(parts[1], "D", out var id))
            {
                return new UsageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
        }
        catch (FormatException)
        {
        }

        return AshError.Validation("'cursor' is not a cursor this server gave out");
    }

    public static string Encode(UsageCursor cursor) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{cursor.CreatedAt.UtcTicks}|{cursor.Id:D}")));

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }
}
