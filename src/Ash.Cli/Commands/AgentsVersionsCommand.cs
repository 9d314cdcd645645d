using System.CommandLine;
using System.Globalization;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash agents versions <name>: the agent's versions, newest first, the active one marked.
internal sealed class AgentsVersionsCommand : AshCommand
{
    private readonly Argument<string> _name = new("name")
    {
        Description = "Agent name",
    };

    public AgentsVersionsCommand()
        : base("versions", "List an agent's versions (each is its files and settings; sessions keep the one they started on)")
    {
        Arguments.Add(_name);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        using var client = context.CreateClient();
        var versions = await client.ListAgentVersionsAsync(context.ParseResult.GetValue(_name)!, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(versions, CliJsonContext.Default.IReadOnlyListAgentVersion);
            return ExitCodes.Success;
        }

        var now = DateTimeOffset.UtcNow;
        var table = new TextTable(["VERSION", "ACTIVE", "NAME", "CREATED", "CONTENT"]);
        foreach (var version in versions)
        {
            table.AddRow(
                version.VersionNumber.ToString(CultureInfo.InvariantCulture),
                version.IsActive ? "*" : string.Empty,
                version.Name,
                RelativeTime.Since(version.CreatedAt, now),
                version.ContentId is { Length: >= 12 } content ? content[..12] : "-");
        }

        output.Table(table);
        return ExitCodes.Success;
    }
}
