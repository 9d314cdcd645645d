using System.CommandLine;

namespace Ash.Cli.Commands;

// ash queue cancel <id>: cancels a pending job (one that runs already is refused by the server).
internal sealed class QueueCancelCommand : AshCommand
{
    private readonly Argument<string> _id = new("id")
    {
        Description = "Job id",
    };

    public QueueCancelCommand()
        : base("cancel", "Cancel a pending job")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        var item = await client.CancelQueueItemAsync(context.ParseResult.GetValue(_id)!, cancellationToken);
        QueueItemView.Write(context.Output, item);
        return ExitCodes.Success;
    }
}
