using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;
using Npgsql;

namespace Ash.Server.Tests.Adversarial;

/// <summary>
/// The database under pressure from outside the server: a lock someone else holds for longer than the
/// server waits, and a full disk under it. Each is a clear, retryable answer (503 <c>database_busy</c>
/// with Retry-After, 507 <c>insufficient_storage</c>), never a 500, and the server recovers by itself
/// once the lock or the space is back.
/// </summary>
public sealed class DatabasePressureTests : IAsyncLifetime
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(2);

    private FakeModelServer _model = null!;

    public async ValueTask InitializeAsync() => _model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);

    public async ValueTask DisposeAsync() => await _model.DisposeAsync();

    [Fact]
    public async Task LockHeldElsewhere_WritesAre503DatabaseBusy_ThenTheServerRecovers()
    {
        var database = await TestDatabase.NewAsync();
        await using var server = await TestServer.StartAsync(_model.BaseUrl, PlatformFixture.RealModelKey, extra: new Dictionary<string, string?>
        {
            ["Ash:Database"] = database,
            ["Ash:DatabaseBusyTimeout"] = BusyTimeout.ToString(),
        });
        var agent = await Api.DeployAgentAsync(server.Http);
        var session = await Api.CreateSessionAsync(server.Http, agent);

        await using (await LockHolder.TakeAsync(database, Path.Combine(server.DataDirectory, "ash.db")))
        {
            var waited = Stopwatch.StartNew();
            using var create = await server.Http.PostAsJsonAsync("/api/sessions", new { agent });
            waited.Stop();
            await AssertRefusedAsync(create, HttpStatusCode.ServiceUnavailable, "database_busy");
            Assert.True(create.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "a busy answer says when to retry");
            Figures.Report($"[database-busy] create answered 503 after {waited.ElapsedMilliseconds} ms (busy timeout {BusyTimeout.TotalMilliseconds} ms)");

            using var message = await server.Http.PostAsJsonAsync($"/api/sessions/{session}/messages", new { content = "while locked" });
            await AssertRefusedAsync(message, HttpStatusCode.ServiceUnavailable, "database_busy");
        }

        // Released: the very next requests succeed, with no restart.
        var created = await Api.CreateSessionAsync(server.Http, agent);
        var frames = await Api.SendAsync(server.Http, created, "after the lock");
        Assert.Equal("done", frames[^1].Event);
        Assert.Contains("after the lock", Api.Text(frames));
        Assert.DoesNotContain(frames, f => f.Event == "error");
    }

    [Fact]
    public async Task DiskFullUnderTheDatabase_WritesAre507_ThenTheServerRecovers()
    {
        await using var disk = await SmallDisk.MountAsync(megabytes: 16);
        await using var server = await TestServer.StartAsync(_model.BaseUrl, PlatformFixture.RealModelKey, extra: new Dictionary<string, string?>
        {
            ["Ash:Database"] = Path.Combine(disk.Path, "ash.db"),
        });
        var agent = await Api.DeployAgentAsync(server.Http);
        var session = await Api.CreateSessionAsync(server.Http, agent);
        var messagesBefore = (await Api.GetJsonAsync(server.Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray().Count;

        disk.Fill();
        using (var create = await server.Http.PostAsJsonAsync("/api/sessions", new { agent }))
        {
            await AssertRefusedAsync(create, HttpStatusCode.InsufficientStorage, "insufficient_storage");
        }

        using (var message = await server.Http.PostAsJsonAsync($"/api/sessions/{session}/messages", new { content = "on a full disk" }))
        {
            await AssertRefusedAsync(message, HttpStatusCode.InsufficientStorage, "insufficient_storage");
        }

        // A deploy that must write (a new agent: an unchanged redeploy writes nothing and keeps its version).
        using (var deploy = await server.Http.PostAsJsonAsync("/api/agents", new { name = agent + "-new", path = RepositoryPaths.ExampleAgent }))
        {
            await AssertRefusedAsync(deploy, HttpStatusCode.InsufficientStorage, "insufficient_storage");
        }

        // Nothing half-written: the refused message is not in the history.
        Assert.Equal(messagesBefore, (await Api.GetJsonAsync(server.Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray().Count);

        disk.Free();
        await Api.DeployAgentAsync(server.Http, name: agent);
        var created = await Api.CreateSessionAsync(server.Http, agent);
        var frames = await Api.SendAsync(server.Http, created, "space again");
        Assert.Equal("done", frames[^1].Event);
        Assert.Contains("space again", Api.Text(frames));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(code, body["code"]!.GetValue<string>());
        Assert.Equal((int)status, body["statusCode"]!.GetValue<int>());
        Assert.DoesNotContain("Exception", text);
    }

    /// <summary>
    /// Someone else holding the database's write lock: for SQLite another process (python3's sqlite3 in an
    /// immediate transaction), for PostgreSQL another session holding an exclusive lock on the sessions table.
    /// </summary>
    private sealed class LockHolder : IAsyncDisposable
    {
        private Process? _process;
        private NpgsqlConnection? _connection;

        public static async Task<LockHolder> TakeAsync(string? postgresUrl, string sqlitePath)
        {
            var holder = new LockHolder();
            if (postgresUrl is not null)
            {
                holder._connection = new NpgsqlConnection(Ash.Storage.Postgres.PostgresConnectionString.Parse(postgresUrl).ConnectionString);
                await holder._connection.OpenAsync();
                await using var command = new NpgsqlCommand("BEGIN; LOCK TABLE sessions, messages IN ACCESS EXCLUSIVE MODE;", holder._connection);
                await command.ExecuteNonQueryAsync();
                return holder;
            }

            var script = "import sqlite3, sys, time\n" +
                         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n" +
                         "c.execute('BEGIN IMMEDIATE')\n" +
                         "print('locked', flush=True)\n" +
                         "time.sleep(600)\n";
            holder._process = Process.Start(new ProcessStartInfo("python3") { ArgumentList = { "-c", script, sqlitePath }, RedirectStandardOutput = true })!;
            var line = await holder._process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("locked", line);
            return holder;
        }

        public async ValueTask DisposeAsync()
        {
            if (_process is not null)
            {
                _process.Kill();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                _process.Dispose();
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
    }

    /// <summary>A tmpfs of a few MiB for the database file, and a filler that takes every byte left on it.</summary>
    private sealed class SmallDisk : IAsyncDisposable
    {
        private SmallDisk(string path) => Path = path;

        public string Path { get; }

        private string Filler => System.IO.Path.Combine(Path, "filler");

        public static async Task<SmallDisk> MountAsync(int megabytes)
        {
            var path = Directory.CreateTempSubdirectory("ash-small-disk").FullName;
            await RunAsync("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", path);
            return new SmallDisk(path);
        }

        public void Fill()
        {
            using var filler = new FileStream(Filler, FileMode.Create, FileAccess.Write);
            var block = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    filler.Write(block);
                    filler.Flush();
                }
            }
            catch (IOException)
            {
                // ENOSPC: the disk is full.
            }
        }

        public void Free() => File.Delete(Filler);

        public async ValueTask DisposeAsync()
        {
            await RunAsync("umount", "-l", Path);
            Directory.Delete(Path);
        }

        private static async Task RunAsync(string command, params string[] arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(process.ExitCode == 0, $"{command} failed: {error}");
        }
    }
}
