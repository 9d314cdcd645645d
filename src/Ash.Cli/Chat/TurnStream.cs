using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Chat;

// One turn, sent and streamed to the terminal: the answer as it comes (or every event as JSON), the
// turn's error on stderr, Ctrl+C interrupting the turn on the server, and how to continue.
internal static class TurnStream
{
    private static readonly TimeSpan s_interruptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Sends <paramref name="message"/> and renders the turn; returns the exit code it earns. <paramref name="continueWith"/>
    /// is the command line that continues the session, printed at the end (none when <see langword="null"/>).
    /// </summary>
    public static async Task<int> SendAsync(
        CliOutput output, AshClient client, string sessionId, string message, bool json, string? continueWith, CancellationToken cancellationToken)
    {
        var renderer = new ChatRenderer(output.Out, output.Err, sameTerminal: !Console.IsOutputRedirected && !Console.IsErrorRedirected);
        string? error = null;
        var done = false;
        try
        {
            var events = client.SendMessageAsync(sessionId, message, new SendMessageOptions { IncludePartialMessages = true }, cancellationToken);
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

                switch (item.Type)
                {
                    case AshEventTypes.Error:
                        error = EventData.String(item.Data, "error") ?? item.Data.GetRawText();
                        break;
                    case AshEventTypes.Done:
                        done = true;
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            renderer.Finish();
            await InterruptAsync(client, sessionId, output);
            PrintContinueHint(output, sessionId, continueWith);
            return ExitCodes.Interrupted;
        }

        renderer.Finish();
        if (error is not null)
        {
            output.Error(error);
        }
        else if (!done)
        {
            output.Error("the stream ended before the turn finished");
        }

        PrintContinueHint(output, sessionId, continueWith);
        return error is not null ? ExitCodes.AgentError : done ? ExitCodes.Success : ExitCodes.Error;
    }

    // Closing the stream does not stop the turn on the server; interrupting does.
    private static async Task InterruptAsync(AshClient client, string sessionId, CliOutput output)
    {
        using var timeout = new CancellationTokenSource(s_interruptTimeout);
        try
        {
            await client.InterruptAsync(sessionId, timeout.Token);
            output.WriteLine("Interrupted the turn.");
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
            output.WriteLine($"Session {sessionId}; continue with: {continueWith}");
        }
    }
}
