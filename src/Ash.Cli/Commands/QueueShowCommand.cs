using System.CommandLine;

namespace Ash.Cli.Commands;

// ash queue show <id>: one job, with its result once completed.
internal sealed class QueueShowCommand : AshCommand
{
    private readonly Argument<string> _id = new("id")
    {
        Description = "Job id",
    };

    public QueueShowCommand()
        : base("show", "Show one queued job and its result")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        var item = await client.GetQueueItemAsync(context.ParseResult.GetValue(_id)!, cancellationToken);
        QueueItemView.Write(context.Output, item);
        return ExitCodes.Success;
    }
}
