using System.Globalization;
using System.Text;

namespace Ash.Storage.Postgres;

/// <summary>
/// An opaque keyset cursor for the lists served newest first (sessions, queue jobs): the (created_at, id) of the
/// last row served, with the time as UTC ticks read back from the database, so it compares equal to the stored
/// microsecond value.
/// </summary>
internal static class PostgresKeysetCursor
{
    public static string Encode(DateTimeOffset createdAt, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{createdAt.UtcTicks}|{id}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>False for anything this type did not produce; the caller then lists from the start, as SQLite does.</summary>
    public static bool TryDecode(string cursor, out DateTimeOffset createdAt, out Guid id)
    {
        createdAt = default;
        id = default;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            if (separator <= 0
                || !long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks
                || !Guid.TryParse(text.AsSpan(separator + 1), out id))
            {
                return false;
            }

            createdAt = new DateTimeOffset(ticks, TimeSpan.Zero);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
