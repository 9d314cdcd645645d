using System.Text.RegularExpressions;

namespace Ash.Dapr.Sandboxes;

/// <summary>Node names become part of an actor type (<c>sandbox-&lt;node&gt;</c>): lower-case letters, digits and dashes.</summary>
public static partial class NodeNames
{
    public static bool IsValid(string? node) => node is not null && Pattern().IsMatch(node);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,40}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
