using System.Globalization;
using System.Text.RegularExpressions;

namespace Ash.Testing.ProbeRuntime;

/// <summary>
/// A message that asks the probe itself to act, not a child process: the whole message text is
/// <c>[[probe:NAME ARG…]]</c>. Resource tests need the agent process itself to misbehave, e.g.
/// <c>[[probe:alloc-mb 512]]</c>, <c>[[probe:lines 100000 1024]]</c>, <c>[[probe:giant-line 20000000]]</c>,
/// <c>[[probe:stderr-lines 10]]</c>, <c>[[probe:exit 3]]</c>.
/// </summary>
internal sealed partial record ProbeDirective(string Name, long[] Arguments)
{
    public static bool TryParse(string text, out ProbeDirective directive)
    {
        directive = null!;
        var match = Syntax().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var arguments = new List<long>();
        foreach (Capture argument in match.Groups["arg"].Captures)
        {
            if (!long.TryParse(argument.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            arguments.Add(value);
        }

        directive = new ProbeDirective(match.Groups["name"].Value, arguments.ToArray());
        return true;
    }

    /// <summary>The argument at <paramref name="index"/>, or null when it is missing.</summary>
    public long? Argument(int index) => index < Arguments.Length ? Arguments[index] : null;

    [GeneratedRegex(@"^\[\[probe:(?<name>[a-z][a-z-]*)(\s+(?<arg>-?\d+))*\s*\]\]$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
