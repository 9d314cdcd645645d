using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Ash.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL server built from the installed packages with no prior setup: a fresh cluster in a
/// temporary directory (superuser <c>ash</c>, trust authentication, fsync off), listening on a free port
/// of 127.0.0.1. Runs as an unprivileged user when tests run as root. Failing to start throws with the
/// tool's output and the server log; tests never skip for want of a database.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "ash";
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartSharedAsync);

    private readonly PostgresBinaries _binaries;
    private readonly ServerUser? _user;
    private readonly string _root;
    private int _disposed;

    private PostgresServer(PostgresBinaries binaries, ServerUser? user, string root)
    {
        _binaries = binaries;
        _user = user;
        _root = root;
    }

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(_root, "data");

    private string SocketDirectory => Path.Combine(_root, "sock");

    private string LogPath => Path.Combine(_root, "log");

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        var server = new PostgresServer(PostgresBinaries.Find(), ServerUser.ForThisProcess(), Directory.CreateTempSubdirectory("ash-pg-").FullName);
        try
        {
            Directory.CreateDirectory(server.SocketDirectory);
            if (server._user is { } user)
            {
                // initdb creates the data directory inside, as the server's user.
                var chown = new ProcessStartInfo("chown");
                chown.ArgumentList.Add("-R");
                chown.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"{user.Uid}:{user.Gid}"));
                chown.ArgumentList.Add(server._root);
                (await ToolRun.RunAsync(chown, server._root, cancellationToken)).EnsureSucceeded();
            }

            (await server.RunAsync(
                server._binaries.InitDb,
                ["-D", server.DataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                cancellationToken)).EnsureSucceeded();
            await server.StartOnFreePortAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>One server for the whole test process, started on first use and removed at process exit.</summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>Creates a fresh, empty database and returns its <c>postgres://</c> URL.</summary>
    public async Task<string> CreateDatabaseAsync(string? namePrefix = null, CancellationToken cancellationToken = default)
    {
        var name = DatabaseName(namePrefix);
        var admin = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Database = "postgres",
            Pooling = false,
            SslMode = SslMode.Disable,
        };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"postgres://{Superuser}@127.0.0.1:{Port}/{name}");
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended), waits, and starts it on the same port.</summary>
    public async Task RestartAsync(TimeSpan downtime, CancellationToken cancellationToken)
    {
        (await RunAsync(_binaries.PgCtl, ["stop", "-w", "-t", "60", "-m", "fast", "-D", DataDirectory], cancellationToken)).EnsureSucceeded(LogPath);
        await Task.Delay(downtime, cancellationToken);
        (await StartServerAsync(cancellationToken)).EnsureSucceeded(LogPath);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            (await RunAsync(_binaries.PgCtl, ["stop", "-w", "-t", "30", "-m", "immediate", "-D", DataDirectory], timeout.Token)).EnsureSucceeded(LogPath);
        }

        Directory.Delete(_root, recursive: true);
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var server = await StartAsync(timeout.Token);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAtProcessExit();
        return server;
    }

    private void StopAtProcessExit()
    {
        try
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or OperationCanceledException)
        {
            // The process is ending and nobody is left to report to; the server, if still running, shuts
            // itself down within a minute once it sees its data directory's lock file gone.
        }
    }

    private async Task StartOnFreePortAsync(CancellationToken cancellationToken)
    {
        // The free port is found by binding and releasing it, so another process may take it first; try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var run = await StartServerAsync(cancellationToken);
            if (run.ExitCode == 0)
            {
                return;
            }

            var log = File.Exists(LogPath) ? await File.ReadAllTextAsync(LogPath, cancellationToken) : string.Empty;
            if (attempt == 3 || !log.Contains("could not bind", StringComparison.Ordinal))
            {
                run.EnsureSucceeded(LogPath);
            }
        }
    }

    private Task<ToolRun> StartServerAsync(CancellationToken cancellationToken)
    {
        var options = string.Create(
            CultureInfo.InvariantCulture,
            $"-p {Port} -k {SocketDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300");
        return RunAsync(_binaries.PgCtl, ["-w", "-t", "60", "-D", DataDirectory, "-o", options, "-l", LogPath, "start"], cancellationToken);
    }

    private Task<ToolRun> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ProcessStartInfo start;
        if (_user is not null)
        {
            start = _user.Wrap(tool, arguments);
        }
        else
        {
            start = new ProcessStartInfo(tool);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
        }

        return ToolRun.RunAsync(start, _root, cancellationToken);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DatabaseName(string? prefix)
    {
        var name = new StringBuilder();
        foreach (var character in (prefix ?? "ash").ToLowerInvariant())
        {
            if (name.Length == 24)
            {
                break;
            }

            name.Append(char.IsAsciiLetterOrDigit(character) ? character : '_');
        }

        return $"{name}_{Guid.NewGuid():N}";
    }
}
