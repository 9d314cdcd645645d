using System.CommandLine;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash queue add <agent> "<prompt>": queues a prompt and prints the job's id (the whole job with --json).
internal sealed class QueueAddCommand : AshCommand
{
    private readonly Argument<string> _agent = new("agent")
    {
        Description = "Agent that runs the prompt",
    };

    private readonly Argument<string> _prompt = new("prompt")
    {
        Description = "The prompt",
    };

    private readonly Option<int?> _priority = new("--priority")
    {
        Description = "Higher runs first [default: 0]",
        HelpName = "n",
    };

    private readonly Option<int?> _retries = new("--retries")
    {
        Description = "Failed attempts retried before the job fails [default: 3]",
        HelpName = "n",
    };

    private readonly Option<string?> _session = new("--session")
    {
        Description = "Run in this session of the agent instead of a new one",
        HelpName = "id",
    };

    public QueueAddCommand()
        : base("add", "Queue a prompt for an agent")
    {
        Arguments.Add(_agent);
        Arguments.Add(_prompt);
        Options.Add(_priority);
        Options.Add(_retries);
        Options.Add(_session);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var options = new EnqueueOptions
        {
            Priority = parse.GetValue(_priority),
            MaxRetries = parse.GetValue(_retries),
            SessionId = parse.GetValue(_session),
        };

        using var client = context.CreateClient();
        var item = await client.EnqueueAsync(parse.GetValue(_agent)!, parse.GetValue(_prompt)!, options, cancellationToken);
        var output = context.Output;
        if (output.IsJson)
        {
            output.WriteJson(item, Output.CliJsonContext.Default.QueueItem);
        }
        else
        {
            // The id alone on stdout, so that `JOB=$(ash queue add …)` works.
            output.Line(item.Id);
            output.Note($"Queued job {item.Id} for {item.AgentName} ({item.Status}); see it with '{context.Home.CommandHint} queue show {item.Id}'");
        }
        return ExitCodes.Success;
    }
}
