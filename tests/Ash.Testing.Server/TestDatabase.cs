using Ash.Testing.Postgres;

namespace Ash.Testing.Server;

/// <summary>
/// Which store the integration suite runs against: SQLite by default, PostgreSQL when
/// <c>ASH_TEST_DATABASE=postgres</c> (test.sh runs the suite once with each). For PostgreSQL every
/// server gets a fresh database on a throwaway cluster the tests start themselves.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgres =>
        string.Equals(Environment.GetEnvironmentVariable("ASH_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The value for <c>Ash:Database</c>: null (SQLite in the data directory) or a fresh PostgreSQL database's URL.</summary>
    public static async Task<string?> NewAsync()
    {
        if (!IsPostgres)
        {
            return null;
        }

        var server = await PostgresServer.SharedAsync();
        return await server.CreateDatabaseAsync("ash");
    }
}
