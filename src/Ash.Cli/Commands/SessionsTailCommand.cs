using System.CommandLine;
using System.Globalization;
using Ash.Cli.Chat;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash sessions tail <id>: the session's events from the start (or after --after), then live ones as
// they happen, until the session ends or Ctrl+C. Rendered like chat; with --type only events of that
// type, a line each; with --json every event as a line of JSON.
internal sealed class SessionsTailCommand : AshCommand
{
    private readonly Argument<string> _session = new("id")
    {
        Description = "Session id",
    };

    private readonly Option<string?> _type = new("--type", "-t")
    {
        Description = "Only events of this type (e.g. text_delta, tool_use, error)",
        HelpName = "type",
    };

    private readonly Option<long?> _after = new("--after")
    {
        Description = "Start after this event id [default: from the first event]",
        HelpName = "id",
    };

    public SessionsTailCommand()
        : base("tail", "Follow a session's events as they happen")
    {
        Arguments.Add(_session);
        Options.Add(_type);
        Options.Add(_after);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var parse = context.ParseResult;
        var type = parse.GetValue(_type);
        var renderer = new ChatRenderer(output.Out, output.Err, context.Environment.SharedTerminal);
        using var client = context.CreateClient();
        try
        {
            await foreach (var item in client.StreamAsync(parse.GetValue(_session)!, parse.GetValue(_after), cancellationToken))
            {
                if (type is not null && item.Type != type)
                {
                    continue;
                }

                if (output.IsJson)
                {
                    output.WriteJson(item, CliJsonContext.Default.AshEvent);
                }
                else if (type is not null)
                {
                    var id = item.Id?.ToString(CultureInfo.InvariantCulture) ?? "-";
                    output.Line($"{id} {item.Type} {item.Data.GetRawText()}");
                }
                else
                {
                    renderer.Render(item);
                }
            }
        }
        finally
        {
            renderer.Finish();
        }

        return ExitCodes.Success;
    }
}
