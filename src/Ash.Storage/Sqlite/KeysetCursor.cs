using System.Text;

namespace Ash.Storage.Sqlite;

/// <summary>An opaque keyset cursor for the lists served newest first (sessions, queue jobs): the (created_at, id) of the last row served.</summary>
internal static class KeysetCursor
{
    public static string Encode(string createdAt, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{createdAt}|{id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string cursor, out string createdAt, out string id)
    {
        createdAt = id = string.Empty;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            if (separator <= 0)
            {
                return false;
            }

            createdAt = text[..separator];
            id = text[(separator + 1)..];
            return Guid.TryParse(id, out _);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
