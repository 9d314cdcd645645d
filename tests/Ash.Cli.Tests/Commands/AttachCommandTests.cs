using Ash.Cli.Tests.Infrastructure;
using Ash.Client;
using Ash.Testing.Server;

namespace Ash.Cli.Tests.Commands;

/// <summary>`ash attach` and `ash interrupt` on a turn another client started.</summary>
[Collection(nameof(ServerCollection))]
public sealed class AttachCommandTests(PlatformFixture platform) : IDisposable
{
    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(90);

    private readonly CliAgentFolder _folder = new();
    private readonly AshCli _cli = AshCli.For(platform.Server.BaseUrl, TestServer.ApiKey);
    private readonly AshClient _client = new(platform.Server.BaseUrl, TestServer.ApiKey);

    [Fact]
    public async Task Attach_ReplaysTheRunningTurnFromItsStart_AndFollowsItToItsEnd()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);
        await using var turn = await StartedTurn.StartAsync(_client, session, "[[slow:500:200]]");

        using var attach = _cli.Start("attach", session);
        await attach.WaitForAsync((stdout, _) => stdout.StartsWith("tick0 tick1 tick2 ", StringComparison.Ordinal), "the turn's text from its start");
        Assert.True(await _client.InterruptAsync(session, TestContext.Current.CancellationToken));
        var run = await attach.CompletionAsync();
        await turn.EndAsync();

        // The turn it followed ended interrupted: the agent's error, as chat reports it.
        Assert.True(run.ExitCode == ExitCodes.AgentError, run.ToString());
        Assert.Contains("Attached to the running turn", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_WithNoTurnRunning_WaitsForTheNextOne_AndEndsWithIt()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);

        using var attach = _cli.Start("attach", session);
        await attach.WaitForAsync((_, stderr) => stderr.Contains("waiting for the next one", StringComparison.Ordinal), "that it waits");
        await using (var turn = await StartedTurn.StartAsync(_client, session, "next turn"))
        {
            await turn.EndAsync();
        }

        var run = await attach.CompletionAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Hello! You said: next turn\n", run.Stdout);
    }

    [Fact]
    public async Task Interrupt_StopsTheRunningTurn_AndSaysSoWhenNothingRuns()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);
        await using var turn = await StartedTurn.StartAsync(_client, session, "[[slow:500:120]]");

        var interrupt = await _cli.RunAsync("interrupt", session);
        var types = await turn.EndAsync();
        var again = await _cli.RunAsync("--json", "sessions", "interrupt", session);

        Assert.True(interrupt.ExitCode == 0, interrupt.ToString());
        Assert.Equal([$"Interrupted the running turn of session {session}"], interrupt.StdoutLines);
        Assert.Equal(AshEventTypes.Done, types[^1]);
        var result = CliJson.Single(again.Stdout);
        Assert.Equal((session, false), (result["sessionId"]!.GetValue<string>(), result["interrupted"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task AttachToAnEndedSession_IsAConflict()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);
        await _client.EndSessionAsync(session, TestContext.Current.CancellationToken);

        var attach = await _cli.RunAsync("attach", session);

        CliAssert.FriendlyError(attach, ExitCodes.Conflict);
        Assert.Contains("sessions events", attach.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _client.Dispose();
        _folder.Dispose();
    }

    // A turn sent by another client, read until its first text arrived: it is running when StartAsync returns.
    private sealed class StartedTurn : IAsyncDisposable
    {
        private readonly CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        private readonly List<string> _types = [];
        private IAsyncEnumerator<AshEvent> _events = null!;

        public static async Task<StartedTurn> StartAsync(AshClient client, string session, string message)
        {
            var turn = new StartedTurn();
            turn._timeout.CancelAfter(TurnTimeout);
            turn._events = client.SendMessageAsync(session, message, cancellationToken: turn._timeout.Token).GetAsyncEnumerator(turn._timeout.Token);
            while (await turn._events.MoveNextAsync())
            {
                turn._types.Add(turn._events.Current.Type);
                if (turn._events.Current.Type == AshEventTypes.TextDelta)
                {
                    return turn;
                }
            }

            throw new InvalidOperationException($"the turn ended before it wrote any text: {string.Join(", ", turn._types)}");
        }

        // Reads the rest of the turn; the types of every event it carried.
        public async Task<IReadOnlyList<string>> EndAsync()
        {
            while (await _events.MoveNextAsync())
            {
                _types.Add(_events.Current.Type);
            }

            return _types;
        }

        public async ValueTask DisposeAsync()
        {
            await _events.DisposeAsync();
            _timeout.Dispose();
        }
    }
}
