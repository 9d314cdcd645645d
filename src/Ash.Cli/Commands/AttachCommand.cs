using System.CommandLine;
using Ash.Cli.Chat;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash attach <session>: back to a turn after the terminal that sent it went away. Replays the running
// turn from its start and follows it to its end; with no turn running, waits for the next one. Ctrl+C
// stops watching and leaves the turn running (`ash interrupt` stops it).
internal sealed class AttachCommand : AshCommand
{
    // The stream log's largest page.
    private const int PageSize = 1000;

    private readonly Argument<string> _session = new("session")
    {
        Description = "Session id",
    };

    public AttachCommand()
        : base("attach", "Re-attach to a session's running turn and follow it to its end")
    {
        Arguments.Add(_session);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var sessionId = context.ParseResult.GetValue(_session)!;
        using var client = context.CreateClient();
        var session = await client.GetSessionAsync(sessionId, cancellationToken);
        if (session.Status == SessionStatus.Ended)
        {
            throw new CliException(
                ExitCodes.Conflict,
                $"session {sessionId} has ended: no turn will run in it again",
                $"See what it did with '{context.Home.CommandHint} sessions events {sessionId}'.");
        }

        var lastStart = await LastOfTypeAsync(client, sessionId, AshEventTypes.SessionStart, cancellationToken);
        var lastDone = await LastOfTypeAsync(client, sessionId, AshEventTypes.Done, cancellationToken);
        long after;
        if (lastStart is { } start && start > (lastDone ?? 0))
        {
            output.Note($"Attached to the running turn of session {sessionId} (Ctrl+C stops watching)");
            after = start - 1;
        }
        else
        {
            output.Note($"No turn is running in session {sessionId}; waiting for the next one (Ctrl+C stops watching)");
            after = lastDone ?? 0;
        }

        var events = client.StreamAsync(sessionId, after, cancellationToken);
        return await TurnStream.RenderAsync(context, client, sessionId, events, output.IsJson, continueWith: null, interruptOnCancel: false, cancellationToken);
    }

    // The sequence of the session's last event of this type in its stream log, or null when there is none.
    private static async Task<long?> LastOfTypeAsync(AshClient client, string sessionId, string type, CancellationToken cancellationToken)
    {
        long? last = null;
        while (true)
        {
            var page = await client.GetStreamEventsAsync(sessionId, after: last ?? 0, limit: PageSize, type, cancellationToken);
            if (page.Count == 0)
            {
                return last;
            }

            last = page[^1].Sequence;
            if (page.Count < PageSize)
            {
                return last;
            }
        }
    }
}
