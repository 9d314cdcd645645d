using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Lifecycle;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class SessionStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetAsync_InsertedSession_ReturnsEveryField()
    {
        var session = NewSession() with
        {
            RunnerId = "runner-7",
            ParentSessionId = Guid.NewGuid(),
            AgentVersionId = Guid.NewGuid().ToString(),
            LastActiveAt = T0.AddSeconds(3),
            Options = new SessionOptions
            {
                Model = "model-x",
                SystemPrompt = "be brief",
                McpServersJson = """{"fs":{"command":"mcp-fs"}}""",
                PermissionMode = "plan",
                AllowedTools = ["Read", "Grep"],
                DisallowedTools = ["Bash"],
                ExtraEnv = new Dictionary<string, string> { ["FOO"] = "bar" },
            },
        };
        await Stores.Sessions.InsertAsync(session, Token);

        var stored = await Stores.Sessions.GetAsync(session.Id, Token);

        Assert.NotNull(stored);
        Assert.Equal(session with { Options = stored.Options }, stored);
        Assert.Equal(session.Options.Model, stored.Options.Model);
        Assert.Equal(session.Options.SystemPrompt, stored.Options.SystemPrompt);
        Assert.Equal(session.Options.McpServersJson, stored.Options.McpServersJson);
        Assert.Equal(session.Options.PermissionMode, stored.Options.PermissionMode);
        Assert.Equal(session.Options.AllowedTools, stored.Options.AllowedTools);
        Assert.Equal(session.Options.DisallowedTools, stored.Options.DisallowedTools);
        Assert.Equal(session.Options.ExtraEnv, stored.Options.ExtraEnv);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetAsync_EmptyOptions_ReturnsNullMembers()
    {
        var session = NewSession();
        await Stores.Sessions.InsertAsync(session, Token);

        var stored = await Stores.Sessions.GetAsync(session.Id, Token);

        Assert.NotNull(stored);
        Assert.Null(stored.Options.Model);
        Assert.Null(stored.Options.AllowedTools);
        Assert.Null(stored.Options.ExtraEnv);
        Assert.Null(stored.RunnerId);
        Assert.Null(stored.ParentSessionId);
        Assert.Null(stored.AgentVersionId);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await Stores.Sessions.GetAsync(Guid.NewGuid(), Token));
    }

    [Fact(Timeout = TestTimeouts.Long)]
    public async Task ListAsync_2500SessionsInPagesOf100_ServesEachOnceNewestFirst()
    {
        // Groups of three share a creation time, so paging must break ties by id.
        var sessions = Enumerable.Range(0, 2500).Select(i => NewSession(createdAt: T0.AddMilliseconds(i / 3))).ToList();
        foreach (var session in sessions)
        {
            await Stores.Sessions.InsertAsync(session, Token);
        }

        await Stores.Sessions.InsertAsync(NewSession(tenant: "other"), Token);
        var expected = sessions
            .OrderByDescending(session => session.CreatedAt)
            .ThenByDescending(session => session.Id.ToString(), StringComparer.Ordinal)
            .Select(session => session.Id)
            .ToList();

        var pages = await ReadAllPagesAsync("tenant", new SessionQuery(null, null, 100, null));

        Assert.Equal(25, pages.Count);
        Assert.All(pages, page => Assert.Equal(100, page.Sessions.Count));
        Assert.All(pages.SkipLast(1), page => Assert.NotNull(page.NextCursor));
        Assert.Null(pages[^1].NextCursor);
        Assert.Equal(expected, pages.SelectMany(page => page.Sessions).Select(session => session.Id));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListAsync_AgentFilter_PagesThroughOnlyThatAgent()
    {
        var mine = new List<Session>();
        for (var i = 0; i < 25; i++)
        {
            var session = NewSession(agent: i % 2 == 0 ? "writer" : "reader", createdAt: T0.AddSeconds(i));
            await Stores.Sessions.InsertAsync(session, Token);
            if (session.AgentName == "writer")
            {
                mine.Add(session);
            }
        }

        var pages = await ReadAllPagesAsync("tenant", new SessionQuery("writer", null, 5, null));

        Assert.Equal(3, pages.Count);
        Assert.Equal(mine.Select(session => session.Id).Reverse(), pages.SelectMany(page => page.Sessions).Select(session => session.Id));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListAsync_StatusFilter_ReturnsOnlyThatStatus()
    {
        var ended = NewSession(status: SessionStatus.Ended, createdAt: T0);
        await Stores.Sessions.InsertAsync(ended, Token);
        await Stores.Sessions.InsertAsync(NewSession(status: SessionStatus.Active, createdAt: T0.AddSeconds(1)), Token);
        var alsoEnded = NewSession(status: SessionStatus.Ended, agent: "other", createdAt: T0.AddSeconds(2));
        await Stores.Sessions.InsertAsync(alsoEnded, Token);

        var page = await Stores.Sessions.ListAsync("tenant", new SessionQuery(null, SessionStatus.Ended, 10, null), Token);
        var filtered = await Stores.Sessions.ListAsync("tenant", new SessionQuery("agent", SessionStatus.Ended, 10, null), Token);

        Assert.Equal([alsoEnded.Id, ended.Id], page.Sessions.Select(session => session.Id));
        Assert.Null(page.NextCursor);
        Assert.Equal([ended.Id], filtered.Sessions.Select(session => session.Id));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListAsync_ExactlyOnePageOfRows_HasNoNextCursor()
    {
        for (var i = 0; i < 3; i++)
        {
            await Stores.Sessions.InsertAsync(NewSession(createdAt: T0.AddSeconds(i)), Token);
        }

        var page = await Stores.Sessions.ListAsync("tenant", new SessionQuery(null, null, 3, null), Token);

        Assert.Equal(3, page.Sessions.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListAsync_OtherTenant_ReturnsNothing()
    {
        await Stores.Sessions.InsertAsync(NewSession(tenant: "t1"), Token);

        var page = await Stores.Sessions.ListAsync("t2", new SessionQuery(null, null, 10, null), Token);

        Assert.Empty(page.Sessions);
        Assert.Null(page.NextCursor);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CommitAsync_StatusChange_UpdatesRowAndAppendsEventsTogether()
    {
        var session = NewSession(status: SessionStatus.Starting);
        await Stores.Sessions.InsertAsync(session, Token);
        SessionEvent[] events = [Event(session.Id, 1, turn: 0, type: EventTypes.Status, data: """{"status":"active"}""")];

        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0.AddMinutes(1)) { Status = SessionStatus.Active }, events, Token);

        var stored = await Stores.Sessions.GetAsync(session.Id, Token);
        Assert.NotNull(stored);
        Assert.Equal(SessionStatus.Active, stored.Status);
        Assert.Equal(T0.AddMinutes(1), stored.LastActiveAt);
        Assert.Equal(events, await Stores.Events.ReadAsync(session.Id, 0, 10, null, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CommitAsync_Options_ReplacesThem_AndACommitWithoutKeepsThem()
    {
        var session = NewSession() with { Options = new SessionOptions { Model = "first", AllowedTools = ["Read"] } };
        await Stores.Sessions.InsertAsync(session, Token);
        var changed = new SessionOptions
        {
            Model = "second",
            AllowedTools = ["Read"],
            Betas = ["beta-a"],
            SubagentsJson = """{"heron":{"description":"d","prompt":"p"}}""",
            InitialAgent = "heron",
        };

        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { Options = changed }, [], Token);
        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0.AddSeconds(1)) { Status = SessionStatus.Paused }, [], Token);

        var stored = await Stores.Sessions.GetAsync(session.Id, Token);
        Assert.Equal("second", stored!.Options.Model);
        Assert.Equal(["Read"], stored.Options.AllowedTools!);
        Assert.Equal(["beta-a"], stored.Options.Betas!);
        Assert.Equal(changed.SubagentsJson, stored.Options.SubagentsJson);
        Assert.Equal("heron", stored.Options.InitialAgent);
        Assert.Equal(SessionStatus.Paused, stored.Status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CommitAsync_WithoutStatusOrTurn_KeepsThemAndTouchesLastActive()
    {
        var session = NewSession(status: SessionStatus.Paused);
        await Stores.Sessions.InsertAsync(session, Token);
        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { RunningTurn = 4 }, [], Token);

        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0.AddHours(1)), [], Token);

        var stored = await Stores.Sessions.GetAsync(session.Id, Token);
        Assert.NotNull(stored);
        Assert.Equal(SessionStatus.Paused, stored.Status);
        Assert.Equal(T0.AddHours(1), stored.LastActiveAt);
        Assert.Contains(new OpenTurn(session.Id, "tenant", 4), await Stores.Sessions.ListOpenTurnsAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CommitAsync_AddedLogBytes_AddUpOnTheSession()
    {
        var session = NewSession();
        await Stores.Sessions.InsertAsync(session, Token);
        var fresh = await Stores.Sessions.GetAsync(session.Id, Token);

        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { AddedLogBytes = 1000 }, [], Token);
        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { AddedLogBytes = 234 }, [], Token);
        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { Status = SessionStatus.Paused }, [], Token);

        Assert.Equal(0, fresh!.LogBytes);
        Assert.Equal(1234, (await Stores.Sessions.GetAsync(session.Id, Token))!.LogBytes);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CommitAsync_TurnStartThenClose_OpensAndClosesTheTurn()
    {
        var session = NewSession();
        await Stores.Sessions.InsertAsync(session, Token);

        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { RunningTurn = 1 }, [Event(session.Id, 1, turn: 1, type: EventTypes.SessionStart)], Token);
        var whileRunning = await Stores.Sessions.ListOpenTurnsAsync(Token);
        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { RunningTurn = 0 }, [Event(session.Id, 2, turn: 1, type: EventTypes.Done)], Token);

        Assert.Equal([new OpenTurn(session.Id, "tenant", 1)], whileRunning);
        Assert.Empty(await Stores.Sessions.ListOpenTurnsAsync(Token));
        Assert.Equal(new LogPosition(2, 1), await Stores.Events.GetPositionAsync(session.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CommitAsync_CompletesOperation_DeletesTheLifecycleRow()
    {
        var session = NewSession();
        await Stores.Sessions.InsertAsync(session, Token);
        var other = Guid.NewGuid();
        await Stores.Lifecycle.SaveAsync(new LifecycleProgress(session.Id, "stop", 1, 0, null, T0, T0, null), Token);
        await Stores.Lifecycle.SaveAsync(new LifecycleProgress(other, "stop", 1, 0, null, T0, T0, null), Token);

        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { Status = SessionStatus.Stopped, CompletesOperation = true }, [], Token);

        Assert.Null(await Stores.Lifecycle.GetAsync(session.Id, Token));
        Assert.NotNull(await Stores.Lifecycle.GetAsync(other, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CommitAsync_WithoutCompletesOperation_KeepsTheLifecycleRow()
    {
        var session = NewSession();
        await Stores.Sessions.InsertAsync(session, Token);
        await Stores.Lifecycle.SaveAsync(new LifecycleProgress(session.Id, "stop", 1, 0, null, T0, T0, null), Token);

        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { Status = SessionStatus.Stopped }, [], Token);

        Assert.NotNull(await Stores.Lifecycle.GetAsync(session.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CommitAsync_EventConflicts_AppliesNothing()
    {
        var session = NewSession();
        await Stores.Sessions.InsertAsync(session, Token);
        await Stores.Lifecycle.SaveAsync(new LifecycleProgress(session.Id, "stop", 1, 0, null, T0, T0, null), Token);
        await Stores.Events.AppendAsync([Event(session.Id, 1, data: """{"first":true}""")], Token);
        var commit = new SessionCommit(session.Id, T0.AddHours(1)) { Status = SessionStatus.Error, RunningTurn = 5, CompletesOperation = true };

        await Assert.ThrowsAnyAsync<Exception>(() => Stores.Sessions.CommitAsync(commit, [Event(session.Id, 2), Event(session.Id, 1, data: """{"second":true}""")], Token));

        var stored = await Stores.Sessions.GetAsync(session.Id, Token);
        Assert.NotNull(stored);
        Assert.Equal(SessionStatus.Active, stored.Status);
        Assert.Equal(T0, stored.LastActiveAt);
        Assert.Empty(await Stores.Sessions.ListOpenTurnsAsync(Token));
        Assert.NotNull(await Stores.Lifecycle.GetAsync(session.Id, Token));
        Assert.Equal(new LogPosition(1, 1), await Stores.Events.GetPositionAsync(session.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListOpenTurnsAsync_MixedSessions_ReturnsOnlyRunningTurns()
    {
        var running = NewSession(tenant: "t1");
        var idle = NewSession(tenant: "t2");
        var other = NewSession(tenant: "t3");
        foreach (var session in new[] { running, idle, other })
        {
            await Stores.Sessions.InsertAsync(session, Token);
        }

        await Stores.Sessions.CommitAsync(new SessionCommit(running.Id, T0) { RunningTurn = 7 }, [], Token);
        await Stores.Sessions.CommitAsync(new SessionCommit(other.Id, T0) { RunningTurn = 2 }, [], Token);
        await Stores.Sessions.CommitAsync(new SessionCommit(other.Id, T0) { RunningTurn = 0 }, [], Token);

        Assert.Equal([new OpenTurn(running.Id, "t1", 7)], await Stores.Sessions.ListOpenTurnsAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CountByStatusAsync_MixedStatuses_CountsOnlyThatStatus()
    {
        await Stores.Sessions.InsertAsync(NewSession(status: SessionStatus.Active), Token);
        await Stores.Sessions.InsertAsync(NewSession(tenant: "t2", status: SessionStatus.Active), Token);
        var paused = NewSession(status: SessionStatus.Active);
        await Stores.Sessions.InsertAsync(paused, Token);
        await Stores.Sessions.CommitAsync(new SessionCommit(paused.Id, T0) { Status = SessionStatus.Paused }, [], Token);

        Assert.Equal(2, await Stores.Sessions.CountByStatusAsync(SessionStatus.Active, Token));
        Assert.Equal(1, await Stores.Sessions.CountByStatusAsync(SessionStatus.Paused, Token));
        Assert.Equal(0, await Stores.Sessions.CountByStatusAsync(SessionStatus.Error, Token));
        Assert.Equal(3, await Stores.Sessions.CountByStatusAsync([SessionStatus.Active, SessionStatus.Paused, SessionStatus.Error], Token));
        Assert.Equal(1, await Stores.Sessions.CountByStatusAsync([SessionStatus.Paused, SessionStatus.Stopped], Token));
        Assert.Equal(0, await Stores.Sessions.CountByStatusAsync([], Token));
    }

    private async Task<List<SessionPage>> ReadAllPagesAsync(string tenant, SessionQuery query)
    {
        var pages = new List<SessionPage>();
        var cursor = query.Cursor;
        do
        {
            var page = await Stores.Sessions.ListAsync(tenant, query with { Cursor = cursor }, Token);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count <= 1000);

        return pages;
    }
}
