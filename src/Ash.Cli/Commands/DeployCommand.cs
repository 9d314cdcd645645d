using System.CommandLine;
using System.Text.RegularExpressions;
using Ash.Cli.Deploy;
using Ash.Cli.LocalServer;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash deploy <dir>: uploads an agent folder, or registers its path with --path.
internal sealed partial class DeployCommand : AshCommand
{
    private readonly Argument<string> _directory = new("directory")
    {
        Description = "Agent folder; it must hold a CLAUDE.md",
    };

    private readonly Option<string?> _name = new("--name", "-n")
    {
        Description = "Agent name [default: the folder's name]",
        HelpName = "name",
    };

    private readonly Option<bool> _path = new("--path")
    {
        Description = "Register the folder by its path instead of uploading it (the server must see the same file system)",
    };

    private readonly Option<string[]> _env = EnvOption.Create("Environment variable for the agent (repeatable; after the folder's .env and .env.local)");

    public DeployCommand()
        : base("deploy", "Deploy an agent folder, or redeploy it under the same name")
    {
        Arguments.Add(_directory);
        Options.Add(_name);
        Options.Add(_path);
        Options.Add(_env);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(context.ParseResult.GetValue(_directory)!));
        if (!Directory.Exists(folder))
        {
            throw new CliException(ExitCodes.Usage, $"{folder} is not a folder");
        }

        if (!File.Exists(Path.Combine(folder, "CLAUDE.md")))
        {
            throw new CliException(ExitCodes.Usage, $"{folder} has no CLAUDE.md; an agent folder needs one");
        }

        var name = context.ParseResult.GetValue(_name) ?? NameFromFolder(folder);
        // The agent's environment: .env, then .env.local, then -e; none of them given keeps the one it had.
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var given = DotEnvFile.ReadInto(folder, env);
        var flags = context.ParseResult.GetValue(_env);
        EnvOption.Parse(flags, env);
        var agentEnv = given || flags is { Length: > 0 } ? env : null;

        using var client = context.CreateClient();
        var agent = context.ParseResult.GetValue(_path)
            ? await client.DeployAgentAsync(name, folder, agentEnv, cancellationToken)
            : await client.UploadAgentAsync(name, folder, agentEnv, cancellationToken);

        if (output.IsJson)
        {
            output.WriteJson(agent, CliJsonContext.Default.Agent);
        }
        else
        {
            output.Line($"Deployed {agent.Name} (version {agent.Version})");
            output.Note($"Next: {context.Home.CommandHint} chat {agent.Name} \"Hello\"");
        }

        return ExitCodes.Success;
    }

    // The folder's name made a valid agent name: ^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$.
    private static string NameFromFolder(string folder)
    {
        var name = InvalidNameCharacters().Replace(Path.GetFileName(folder), "-").TrimStart('.', '_', '-');
        return name.Length switch
        {
            0 => throw new CliException(ExitCodes.Usage, $"cannot make an agent name from '{Path.GetFileName(folder)}'; pass --name"),
            > 63 => name[..63],
            _ => name,
        };
    }

    [GeneratedRegex("[^a-zA-Z0-9._-]+")]
    private static partial Regex InvalidNameCharacters();
}
