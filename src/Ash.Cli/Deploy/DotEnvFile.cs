namespace Ash.Cli.Deploy;

// An agent folder's .env and .env.local: KEY=VALUE lines becoming the agent's environment on deploy
// (as Ash's CLI reads them), so secrets live outside the uploaded files.
internal static class DotEnvFile
{
    /// <summary>The files read, in order: a later one overrides an earlier one.</summary>
    public static readonly string[] Names = [".env", ".env.local"];

    /// <summary>Reads the folder's env files into <paramref name="env"/>; returns whether any existed.</summary>
    public static bool ReadInto(string folder, Dictionary<string, string> env)
    {
        var found = false;
        foreach (var name in Names)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                continue;
            }

            found = true;
            var number = 0;
            foreach (var line in File.ReadLines(path))
            {
                number++;
                if (Parse(line) is var (key, value))
                {
                    env[key] = value;
                }
                else if (!IsBlankOrComment(line))
                {
                    throw new CliException(ExitCodes.Usage, $"{path}:{number}: not KEY=VALUE");
                }
            }
        }

        return found;
    }

    /// <summary>One line: <c>KEY=VALUE</c>, optionally after <c>export </c>, the value optionally in matching quotes.</summary>
    public static (string Key, string Value)? Parse(string line)
    {
        var text = line.Trim();
        if (text.StartsWith("export ", StringComparison.Ordinal))
        {
            text = text["export ".Length..].TrimStart();
        }

        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (IsBlankOrComment(text) || equals <= 0)
        {
            return null;
        }

        var key = text[..equals].TrimEnd();
        var value = text[(equals + 1)..].Trim();
        if (value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0])
        {
            value = value[1..^1];
        }

        return key.Length == 0 || key.Any(char.IsWhiteSpace) ? null : (key, value);
    }

    private static bool IsBlankOrComment(string line) => line.TrimStart() is "" or ['#', ..];
}
