using System.CommandLine;

namespace Ash.Cli.Commands;

// -e KEY=VALUE, repeatable: environment variables given on the command line, as Ash's CLI takes them.
internal static class EnvOption
{
    public static Option<string[]> Create(string description) => new("--env", "-e")
    {
        Description = description,
        HelpName = "KEY=VALUE",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The pairs given, later ones winning; a word without '=' or with an empty name is a usage error.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string>? pairs, Dictionary<string, string>? into = null)
    {
        var env = into ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"'{pair}' is not KEY=VALUE");
            }

            env[pair[..equals]] = pair[(equals + 1)..];
        }

        return env;
    }
}
