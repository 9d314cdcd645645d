using System.CommandLine;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash sessions [list]: one page of sessions, newest first. As `sessions` (also `session`, Ash's name)
// it holds the commands on one session: create, send, tail, attach, events, messages, interrupt, files,
// exec and the lifecycle changes.
internal sealed class SessionsCommand : AshCommand
{
    private readonly Option<string?> _agent = new("--agent", "-a")
    {
        Description = "Only sessions of this agent",
        HelpName = "name",
    };

    private readonly Option<SessionStatus?> _status = new("--status")
    {
        Description = "Only sessions in this state",
        HelpName = "starting|active|paused|stopped|ended|error",
    };

    private readonly Option<int?> _limit = PageOptions.Limit("Page size [default: the server's]");

    private readonly Option<string?> _cursor = PageOptions.Cursor();

    public SessionsCommand()
        : this("sessions", "List sessions, or create one, talk to it, follow it, change it")
    {
        Aliases.Add("session");
        Subcommands.Add(new SessionsCommand("list", "List sessions, newest first"));
        Subcommands.Add(new SessionsCreateCommand());
        Subcommands.Add(new SessionsSendCommand());
        Subcommands.Add(new SessionsTailCommand());
        Subcommands.Add(new AttachCommand());
        Subcommands.Add(new SessionsEventsCommand());
        Subcommands.Add(new SessionsMessagesCommand());
        Subcommands.Add(new InterruptCommand());
        Subcommands.Add(new FilesCommand());
        Subcommands.Add(new ExecCommand(timeoutInMilliseconds: true));
        Subcommands.Add(new SessionsPauseCommand());
        Subcommands.Add(new SessionsResumeCommand());
        Subcommands.Add(new SessionsStopCommand());
        Subcommands.Add(new SessionsForkCommand());
        Subcommands.Add(new SessionsEndCommand());
    }

    private SessionsCommand(string name, string description)
        : base(name, description)
    {
        Options.Add(_agent);
        Options.Add(_status);
        Options.Add(_limit);
        Options.Add(_cursor);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var parse = context.ParseResult;
        using var client = context.CreateClient();
        var page = await client.ListSessionsAsync(
            parse.GetValue(_agent), parse.GetValue(_status), parse.GetValue(_limit), parse.GetValue(_cursor), cancellationToken);

        if (output.IsJson)
        {
            output.WriteJson(page.Sessions, CliJsonContext.Default.IReadOnlyListSession);
        }
        else if (page.Sessions.Count == 0)
        {
            output.Line("No sessions.");
        }
        else
        {
            var now = DateTimeOffset.UtcNow;
            var table = new TextTable(["ID", "AGENT", "STATUS", "CREATED", "LAST ACTIVE"]);
            foreach (var session in page.Sessions)
            {
                table.AddRow(
                    session.Id,
                    session.AgentName,
                    session.Status.ToString().ToLowerInvariant(),
                    RelativeTime.Since(session.CreatedAt, now),
                    RelativeTime.Since(session.LastActiveAt, now));
            }

            output.Table(table);
        }

        PageOptions.WriteNext(output, page.NextCursor);

        return ExitCodes.Success;
    }
}
