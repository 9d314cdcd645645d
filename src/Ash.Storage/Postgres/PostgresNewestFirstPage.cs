using Npgsql;

namespace Ash.Storage.Postgres;

/// <summary>
/// Keyset paging newest first on <c>(created_at, id)</c>, as the session and queue lists page: the condition
/// for the rows after a cursor, and one page read from a query that asked for one row more than the page.
/// </summary>
internal static class PostgresNewestFirstPage
{
    /// <summary>The condition (to AND into the query) for the rows after <paramref name="cursor"/>, its parameters added; empty without a usable cursor.</summary>
    public static string After(NpgsqlCommand command, string? cursor)
    {
        if (cursor is null || !PostgresKeysetCursor.TryDecode(cursor, out var createdAt, out var id))
        {
            return string.Empty;
        }

        command.Parameters.AddWithValue("cursorCreated", createdAt);
        command.Parameters.AddWithValue("cursorId", id);

        // A row comparison, so the (tenant_id[, …], created_at DESC, id DESC) indexes serve it.
        return " AND (created_at, id) < (@cursorCreated, @cursorId)";
    }

    /// <summary>Up to <paramref name="limit"/> rows, and the cursor of the next page when the query found one more.</summary>
    public static async Task<(List<T> Rows, string? Next)> ReadAsync<T>(
        NpgsqlDataReader reader, int limit, Func<NpgsqlDataReader, T> read, Func<T, (DateTimeOffset CreatedAt, Guid Id)> key, CancellationToken cancellationToken)
    {
        var rows = new List<T>(limit);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (rows.Count == limit)
            {
                var (createdAt, id) = key(rows[^1]);
                return (rows, PostgresKeysetCursor.Encode(createdAt, id));
            }

            rows.Add(read(reader));
        }

        return (rows, null);
    }
}
