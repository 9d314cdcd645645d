using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Ash.Dapr.Sandboxes;

/// <summary>
/// What a sandbox host's node may be called, and the part of its actor type (<c>sandbox-&lt;part&gt;</c>) that name
/// becomes. A node is named as Kubernetes names nodes (an RFC 1123 subdomain: <c>ip-10-0-0-1.ec2.internal</c>), or in
/// the short form Ash always took (lower-case letters, digits and dashes, at most 41). A short-form name is its own
/// part, so existing deployments keep their actor types. Any other name (one with dots, or longer) becomes its
/// readable beginning with dots turned into dashes plus 12 hex digits of its SHA-256: an actor type lands in daprd's
/// URLs, state keys and, from 1.15, Scheduler job names, which daprd checks as lower-case RFC 1123 names
/// (dapr/dapr#8559), so the part keeps to the letters, digits and dashes of one DNS label and to at most 54 characters
/// whatever the node name's length. Two names get the same part only if they read alike in their first 41 characters
/// and share 48 bits of their hash, or if a node is deliberately named after another node's part.
/// </summary>
public static partial class NodeNames
{
    public const int MaxLength = 253;

    private const int MaxLabelLength = 63;

    private const int ReadableLength = 41;

    private const int HashDigits = 12;

    public static bool IsValid(string? node) => node is not null && (ShortForm().IsMatch(node) || IsKubernetesName(node));

    /// <summary>The part of the node's actor type that names it; <paramref name="node"/> must be <see cref="IsValid"/>.</summary>
    public static string ActorTypePart(string node)
    {
        if (!IsValid(node))
        {
            throw new ArgumentException($"'{node}' is not a node name", nameof(node));
        }

        if (ShortForm().IsMatch(node))
        {
            return node;
        }

        var readable = node.Replace('.', '-');
        readable = readable[..Math.Min(readable.Length, ReadableLength)].TrimEnd('-');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(node)))[..HashDigits];
        return readable + "-" + hash;
    }

    /// <summary>A lower-case RFC 1123 subdomain, as Kubernetes requires of node names: dot-separated labels of 1 to 63 letters, digits and dashes, each starting and ending with a letter or digit.</summary>
    private static bool IsKubernetesName(string node)
    {
        if (node.Length > MaxLength)
        {
            return false;
        }

        foreach (var label in node.Split('.'))
        {
            if (label.Length > MaxLabelLength || !Label().IsMatch(label))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,40}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ShortForm();

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
