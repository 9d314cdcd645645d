using System.Text.Json;
using Ash.Core.Agents;
using Ash.Core.Agents.Deploy;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Reminders;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Lifecycle;
using Ash.Core.Sessions.Warm;
using Ash.Sandbox;
using Ash.Sandbox.Agents;
using Ash.Sandbox.Egress;
using Ash.Storage.Sqlite;
using Ash.Testing.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Core.Tests.Sessions.Fakes;

/// <summary>
/// The session core put together as the embedded server does (Ash.Server's <c>PlatformServices.AddPlatform</c>): the real
/// SQLite stores on a temporary file, the in-process event bus and reminders (their delivery loop running on fake time),
/// the lifecycle runner, the actors and <see cref="SessionService"/>, and the agent deploy use cases with the real content
/// store under a temporary agents directory; only the sandbox host is the scripted one.
/// </summary>
public sealed class SessionCoreBed : IAsyncDisposable
{
    public const string Tenant = "tenant-a";
    public const string AgentName = "scripted";

    private readonly DirectoryInfo _directory;
    private readonly SqliteDatabase _database;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _reminderLoop;

    private SessionCoreBed(DirectoryInfo directory, SqliteDatabase database, SessionRuntimeOptions options, int liveSandboxes)
    {
        _directory = directory;
        _database = database;
        Options = options;
        Host = new ScriptedSandboxHost(Time);
        Agents = new CountingAgentStore(new SqliteAgentStore(database, Time));
        EventLog = new SqliteEventLog(database);
        Sessions = new HoldingSessionStore(new SqliteSessionStore(database));
        ReminderStore = new SqliteReminderStore(database);
        var reminders = new InProcessReminders(ReminderStore, Time, NullLogger<InProcessReminders>.Instance);
        LifecycleStore = new SqliteLifecycleStore(database);
        var context = new SessionActorContext(
            Sessions,
            Agents,
            new SqliteMessageStore(database, Time),
            EventLog,
            new InProcessEventBus(),
            Host,
            reminders,
            new LifecycleRunner(LifecycleStore, reminders, Time, NullLogger.Instance),
            new SandboxSlots(liveSandboxes),
            options,
            Time,
            new PlatformInfo("test", HasModelCredential: () => true),
            Logs)
        {
            Secrets = new NoSecrets(),
        };
        Context = context;
        Actors = new SessionActors(context);
        Warm = new WarmPool(Host, context.Secrets, context.Slots, options, Time, Logs);
        Service = new SessionService(Actors, context.Sessions, context.Agents, new LocalSessionGateway(Actors, context, Warm));
        AgentsDirectory = Path.Combine(directory.FullName, "agents");
        Deploy = new AgentDeploy(Agents, new AgentContentStore(AgentsDirectory, Time), new AgentNetworkRules(new SandboxOptions()), Warm, context.Secrets);
        Versions = new AgentVersionChanges(Agents, Deploy, Warm);
        reminders.Register(Actors);
        _reminderLoop = reminders.RunAsync(_stopping.Token);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    /// <summary>What the session core logged (the actors' and the warm pool's logger).</summary>
    public FakeLogger Logs { get; } = new();

    public SessionRuntimeOptions Options { get; }

    public ScriptedSandboxHost Host { get; }

    /// <summary>The real SQLite session store, whose inserts a test can hold.</summary>
    public HoldingSessionStore Sessions { get; }

    /// <summary>Where the progress of unfinished lifecycle operations is kept.</summary>
    public ILifecycleStore LifecycleStore { get; }

    /// <summary>Where the bed's reminders are kept (to see which are still due).</summary>
    public IReminderStore ReminderStore { get; }

    /// <summary>The warm pool the bed's creates claim from (its loop runs).</summary>
    public WarmPool Warm { get; }

    public SessionActors Actors { get; }

    public SessionService Service { get; }

    public IEventLog EventLog { get; }

    /// <summary>The services of this bed's actors: the stores are shared with <see cref="AnotherHost"/>.</summary>
    public SessionActorContext Context { get; }

    /// <summary>
    /// A second server over the same database, with its own actors, sandbox host and slots (its reminders are not
    /// delivered): where a session goes when it moves, or when the bed's own host is cut off.
    /// </summary>
    public SecondSessionHost AnotherHost()
    {
        var host = new ScriptedSandboxHost(Time);
        return new SecondSessionHost(host, new SessionActors(Context with { SandboxHost = host, Slots = new SandboxSlots(capacity: 4), Releases = new SandboxReleases() }));
    }

    /// <summary>The real SQLite agent store, counting how often an agent row is read.</summary>
    public CountingAgentStore Agents { get; }

    /// <summary>Where deploys keep agents' content.</summary>
    public string AgentsDirectory { get; }

    public AgentDeploy Deploy { get; }

    public AgentVersionChanges Versions { get; }

    /// <summary>A bed with one agent (no ash.json: the default config) in a temporary directory, and room for <paramref name="liveSandboxes"/> agent processes.</summary>
    public static async Task<SessionCoreBed> StartAsync(SessionRuntimeOptions? options = null, int liveSandboxes = 4)
    {
        var directory = Directory.CreateTempSubdirectory("ash-session-core-");
        var database = await SqliteDatabase.OpenAsync(Path.Combine(directory.FullName, "ash.db"), fullSync: false, CancellationToken.None);
        var bed = new SessionCoreBed(directory, database, options ?? new SessionRuntimeOptions(), liveSandboxes);
        await bed.Warm.StartAsync(CancellationToken.None);
        var agentPath = directory.CreateSubdirectory("agent").FullName;
        await bed.Agents.UpsertAsync(Tenant, AgentName, agentPath, AgentConfig.Default, sealedEnv: null, model: null, CancellationToken.None);
        return bed;
    }

    /// <summary>Creates a session and waits for its process (a create starts it in the background).</summary>
    public async Task<(Session Session, ScriptedAgentProcess Process)> CreateSessionAsync()
    {
        var index = Host.Started.Count;
        var created = await Service.CreateAsync(Tenant, AgentName, SessionOptions.Empty, CancellationToken.None);
        Assert.True(created.IsSuccess, created.IsSuccess ? null : created.Error.Message);
        return (created.Value, await ProcessAsync(index));
    }

    /// <summary>
    /// Creates a session with a turn running (<paramref name="running"/> has reached its agent, which has not answered) and
    /// <paramref name="waiting"/> queued behind it, in that order.
    /// </summary>
    public async Task<(Session Session, ScriptedAgentProcess Process)> CreateBusySessionAsync(string running, params string[] waiting)
    {
        var (session, process) = await CreateSessionAsync();
        await SendAsync(session.Id, running);
        await StdinAsync(process, 1);
        foreach (var text in waiting)
        {
            await SendAsync(session.Id, text);
        }

        return (session, process);
    }

    /// <summary>The <paramref name="index"/>th process started (0 first), once it has started.</summary>
    public async Task<ScriptedAgentProcess> ProcessAsync(int index)
    {
        await Eventually.TrueAsync(() => Host.Started.Count > index, $"agent process {index} to start");
        return Host.Started[index];
    }

    public async Task<TurnTicket> SendAsync(Guid sessionId, string text)
    {
        var queued = await TrySendAsync(sessionId, text);
        Assert.True(queued.IsSuccess, queued.IsSuccess ? null : queued.Error.Message);
        return queued.Value;
    }

    /// <summary>Sends a message of plain text, returning what the service answered (for a send that is refused).</summary>
    public Task<Result<TurnTicket>> TrySendAsync(Guid sessionId, string text) =>
        Service.EnqueueAsync(Tenant, sessionId, new TurnInput(JsonSerializer.Serialize(text), IncludePartialMessages: false), CancellationToken.None);

    public Task<IReadOnlyList<SessionEvent>> EventsAsync(Guid sessionId) =>
        EventLog.ReadAsync(sessionId, after: 0, limit: 10_000, type: null, CancellationToken.None);

    /// <summary>Waits until the log holds <paramref name="turn"/>'s <c>done</c>, and returns that turn's events.</summary>
    public async Task<IReadOnlyList<SessionEvent>> TurnAsync(Guid sessionId, long turn)
    {
        IReadOnlyList<SessionEvent> events = [];
        await Eventually.TrueAsync(
            async () =>
            {
                events = [.. (await EventsAsync(sessionId)).Where(e => e.Turn == turn)];
                return events.Any(e => e.Type == EventTypes.Done);
            },
            () => $"turn {turn} to end; its events so far: {string.Join(", ", events.Select(e => e.Type))}");
        return events;
    }

    /// <summary>The message of the turn's one <c>error</c> event (it fails when there are more), or null when the turn has none.</summary>
    public static string? ErrorOf(IEnumerable<SessionEvent> turn)
    {
        var errors = turn.Where(e => e.Type == EventTypes.Error).ToList();
        Assert.True(errors.Count <= 1, $"the turn has {errors.Count} errors: {string.Join(" | ", errors.Select(e => e.DataText))}");
        if (errors.Count == 0)
        {
            return null;
        }

        using var data = JsonDocument.Parse(Assert.IsType<byte[]>(errors[0].Data));
        return data.RootElement.GetProperty("error").GetString();
    }

    /// <summary>Waits until the agent has been written <paramref name="count"/> stdin lines, and returns them.</summary>
    public static async Task<IReadOnlyList<string>> StdinAsync(ScriptedAgentProcess process, int count)
    {
        await Eventually.TrueAsync(() => process.Stdin.Count >= count, () => $"{count} stdin lines; got {process.Stdin.Count}: {string.Join(" | ", process.Stdin)}");
        return process.Stdin;
    }

    /// <summary>Runs SQL on the bed's database (to make rows as an earlier version of the server left them).</summary>
    public Task ExecuteSqlAsync(string sql) =>
        _database.WriteAsync(
            async (connection, transaction, token) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync(token);
            },
            CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _reminderLoop;
        await Actors.DisposeAsync();
        await Warm.DisposeAsync();
        await _database.DisposeAsync();
        _stopping.Dispose();
        _directory.Delete(recursive: true);
    }
}
