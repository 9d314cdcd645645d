using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Chat;

// One turn streamed to the terminal: the answer as it comes (or every event as JSON), model retries and
// tool calls as they happen, the turn's error once, and how to continue.
internal static class TurnStream
{
    private static readonly TimeSpan s_interruptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Sends <paramref name="message"/> and renders its turn; returns the exit code it earns. <paramref name="continueWith"/>
    /// is the command line that continues the session, printed at the end (none when <see langword="null"/>).
    /// Ctrl+C interrupts the turn on the server: the person who started it stopped it.
    /// </summary>
    public static Task<int> SendAsync(
        CliContext context, AshClient client, string sessionId, string message, bool json, string? continueWith, CancellationToken cancellationToken)
    {
        // Text deltas: the renderer shows the answer as the model writes it.
        var events = client.SendMessageAsync(sessionId, message, new SendMessageOptions { IncludePartialMessages = true }, cancellationToken);
        return RenderAsync(context, client, sessionId, events, json, continueWith, interruptOnCancel: true, cancellationToken);
    }

    /// <summary>
    /// Renders a turn from <paramref name="events"/> until its <c>done</c> (or the stream's end); with
    /// <paramref name="interruptOnCancel"/> Ctrl+C also interrupts the turn, otherwise it only stops watching.
    /// </summary>
    public static async Task<int> RenderAsync(
        CliContext context,
        AshClient client,
        string sessionId,
        IAsyncEnumerable<AshEvent> events,
        bool json,
        string? continueWith,
        bool interruptOnCancel,
        CancellationToken cancellationToken)
    {
        var output = context.Output;
        var renderer = new ChatRenderer(output.Out, output.Err, context.Environment.SharedTerminal);
        string? error = null;
        var done = false;
        try
        {
            await foreach (var item in events)
            {
                if (json)
                {
                    output.WriteJson(item, CliJsonContext.Default.AshEvent);
                }
                else
                {
                    renderer.Render(item);
                }

                if (item.Type == AshEventTypes.Error)
                {
                    error = EventData.String(item.Data, "error") ?? item.Data.GetRawText();
                }
                else if (item.Type == AshEventTypes.Done)
                {
                    done = true;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            renderer.Finish();
            if (interruptOnCancel)
            {
                await InterruptAsync(client, sessionId, output);
            }
            else
            {
                output.Note($"Stopped watching; the turn goes on. Interrupt it with '{context.Home.CommandHint} interrupt {sessionId}'.");
            }

            PrintContinueHint(output, sessionId, continueWith);
            return ExitCodes.Interrupted;
        }

        renderer.Finish();
        var exitCode = ExitCodes.Success;
        if (error is not null)
        {
            output.Fail(new CliFailure(ExitCodes.AgentError, error));
            exitCode = ExitCodes.AgentError;
        }
        else if (!done)
        {
            output.Fail(new CliFailure(ExitCodes.Error, "the stream ended before the turn finished"));
            exitCode = ExitCodes.Error;
        }

        PrintContinueHint(output, sessionId, continueWith);
        return exitCode;
    }

    // Closing the stream does not stop the turn on the server; interrupting does.
    private static async Task InterruptAsync(AshClient client, string sessionId, CliOutput output)
    {
        using var timeout = new CancellationTokenSource(s_interruptTimeout);
        try
        {
            await client.InterruptAsync(sessionId, timeout.Token);
            output.Note("Interrupted the turn.");
        }
        catch (Exception ex) when (ex is HttpRequestException or AshApiException or OperationCanceledException)
        {
            output.Warning($"could not interrupt the turn: {ex.Message}");
        }
    }

    private static void PrintContinueHint(CliOutput output, string sessionId, string? continueWith)
    {
        if (continueWith is not null)
        {
            output.Note($"Session {sessionId}; continue with: {continueWith}");
        }
    }
}
