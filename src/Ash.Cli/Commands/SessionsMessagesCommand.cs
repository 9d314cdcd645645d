using System.CommandLine;
using System.Globalization;
using Ash.Cli.Chat;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash sessions messages <id>: a page of the session's stored conversation, oldest first: what the user
// said and what the agent answered (its text, and the tools it called), a line each; --json gives the
// stored rows as the API does.
internal sealed class SessionsMessagesCommand : AshCommand
{
    private const int TextWidth = 120;

    private readonly Argument<string> _session = new("id")
    {
        Description = "Session id",
    };

    private const int ServerPageSize = 100;

    private readonly Option<long?> _after = PageOptions.After("messages");

    private readonly Option<int?> _limit = PageOptions.Limit($"Page size, 1-1000 [default: the server's, {ServerPageSize}]");

    public SessionsMessagesCommand()
        : base("messages", "List a session's conversation, oldest first")
    {
        Arguments.Add(_session);
        Options.Add(_after);
        Options.Add(_limit);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var parse = context.ParseResult;
        var limit = parse.GetValue(_limit);
        using var client = context.CreateClient();
        var messages = await client.GetMessagesAsync(parse.GetValue(_session)!, parse.GetValue(_after), limit, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(messages, CliJsonContext.Default.IReadOnlyListMessage);
            return ExitCodes.Success;
        }

        if (messages.Count == 0)
        {
            output.Line("No messages.");
            return ExitCodes.Success;
        }

        var table = new TextTable(["SEQ", "TIME", "ROLE", "TEXT"]);
        foreach (var message in messages)
        {
            table.AddRow(
                message.Sequence.ToString(CultureInfo.InvariantCulture),
                message.CreatedAt.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                message.Role,
                OneLine.Cut(MessageText.Of(message.Content), TextWidth));
        }

        output.Table(table);
        PageOptions.WriteNextAfter(output, messages.Count, limit, ServerPageSize, messages[^1].Sequence);

        return ExitCodes.Success;
    }
}
