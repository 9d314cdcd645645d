using System.CommandLine;
using System.Globalization;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash sessions events <id>: a page of the session's timeline (Ash's: text, tool_start, tool_result,
// reasoning, turn_complete, error, lifecycle), or with --stream of its stream log (every SSE event, by
// the ids Last-Event-ID takes). Oldest first; --after pages on.
internal sealed class SessionsEventsCommand : AshCommand
{
    private const int DataWidth = 100;

    private readonly Argument<string> _session = new("id")
    {
        Description = "Session id",
    };

    private const int ServerPageSize = 200;

    private readonly Option<long?> _after = PageOptions.After("events");

    private readonly Option<int?> _limit = PageOptions.Limit($"Page size, 1-1000 [default: the server's, {ServerPageSize}]");

    private readonly Option<string?> _type = new("--type", "-t")
    {
        Description = "Only events of this type",
        HelpName = "type",
    };

    private readonly Option<bool> _stream = new("--stream")
    {
        Description = "The stream log (every SSE event: text_delta, tool_use, message, done, …) instead of the timeline",
    };

    public SessionsEventsCommand()
        : base("events", "List a session's events, oldest first")
    {
        Arguments.Add(_session);
        Options.Add(_after);
        Options.Add(_limit);
        Options.Add(_type);
        Options.Add(_stream);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var parse = context.ParseResult;
        var sessionId = parse.GetValue(_session)!;
        var limit = parse.GetValue(_limit);
        using var client = context.CreateClient();
        var events = parse.GetValue(_stream)
            ? await client.GetStreamEventsAsync(sessionId, parse.GetValue(_after), limit, parse.GetValue(_type), cancellationToken)
            : await client.GetEventsAsync(sessionId, parse.GetValue(_after), limit, parse.GetValue(_type), cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(events, CliJsonContext.Default.IReadOnlyListSessionEvent);
            return ExitCodes.Success;
        }

        if (events.Count == 0)
        {
            output.Line("No events.");
            return ExitCodes.Success;
        }

        var table = new TextTable(["SEQ", "TIME", "TYPE", "DATA"]);
        foreach (var item in events)
        {
            table.AddRow(
                item.Sequence.ToString(CultureInfo.InvariantCulture),
                item.CreatedAt.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                item.Type,
                OneLine.Cut(item.Data ?? "", DataWidth));
        }

        output.Table(table);
        PageOptions.WriteNextAfter(output, events.Count, limit, ServerPageSize, events[^1].Sequence);

        return ExitCodes.Success;
    }
}
