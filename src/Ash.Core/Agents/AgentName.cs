using System.Text.RegularExpressions;

namespace Ash.Core.Agents;

/// <summary>Agent names as API.md defines them: <c>^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$</c> (matched to the very end: a trailing newline is no name).</summary>
public static partial class AgentName
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
