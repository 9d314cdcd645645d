using System.CommandLine;
using System.CommandLine.Parsing;
using Ash.Cli.Chat;
using Ash.Cli.LocalServer;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash chat <agent> "<message>" starts a session and streams the answer;
// ash chat --session <id> "<message>" continues one.
internal sealed class ChatCommand : AshCommand
{
    private static readonly TimeSpan s_interruptTimeout = TimeSpan.FromSeconds(5);

    // Two optional positionals rather than one per form: with --session the only word is the message,
    // and System.CommandLine fills positionals left to right, so it lands in the first.
    private readonly Argument<string?> _agent = new("agent")
    {
        Description = "Agent to start a session with (left out with --session)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Argument<string?> _message = new("message")
    {
        Description = "What to say",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string?> _session = new("--session", "-s")
    {
        Description = "Continue this session instead of starting one",
        HelpName = "id",
    };

    public ChatCommand()
        : base("chat", "Send a message to an agent and stream its answer")
    {
        Arguments.Add(_agent);
        Arguments.Add(_message);
        Options.Add(_session);
        Validators.Add(Validate);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var parse = context.ParseResult;
        var sessionId = parse.GetValue(_session);
        var message = sessionId is null ? parse.GetValue(_message)! : parse.GetValue(_agent)!;

        using var client = context.CreateClient();
        if (sessionId is null)
        {
            var session = await client.CreateSessionAsync(parse.GetValue(_agent)!, options: null, cancellationToken);
            sessionId = session.Id;
        }

        var renderer = new ChatRenderer(output.Out, output.Err, sameTerminal: !Console.IsOutputRedirected && !Console.IsErrorRedirected);
        string? error = null;
        var done = false;
        try
        {
            var events = client.SendMessageAsync(sessionId, message, new SendMessageOptions { IncludePartialMessages = true }, cancellationToken);
            await foreach (var item in events)
            {
                if (output.IsJson)
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
            PrintContinueHint(output, sessionId);
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

        PrintContinueHint(output, sessionId);
        return error is not null ? ExitCodes.AgentError : done ? ExitCodes.Success : ExitCodes.Error;
    }

    private void Validate(CommandResult result)
    {
        var words = (result.GetValue(_agent) is null ? 0 : 1) + (result.GetValue(_message) is null ? 0 : 1);
        var error = (result.GetValue(_session) is null, words) switch
        {
            (true, < 2) => "give the agent and the message: ash chat <agent> \"<message>\"",
            (false, 0) => "give the message: ash chat --session <id> \"<message>\"",
            (false, 2) => "with --session give only the message: ash chat --session <id> \"<message>\"",
            _ => null,
        };
        if (error is not null)
        {
            result.AddError(error);
        }
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

    private static void PrintContinueHint(CliOutput output, string sessionId) =>
        output.WriteLine($"Session {sessionId}; continue with: {AshHome.CommandHint} chat --session {sessionId} \"<message>\"");
}
