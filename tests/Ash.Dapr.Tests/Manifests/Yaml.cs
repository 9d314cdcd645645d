using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ash.Dapr.Tests.Manifests;

/// <summary>Small readers over YamlDotNet's representation model.</summary>
internal static partial class Yaml
{
    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static YamlNode? At(this YamlNode? node, params string[] keys)
    {
        foreach (var key in keys)
        {
            node = node.Child(key);
        }

        return node;
    }

    /// <summary>The scalar's text, or null when the node is absent or not a scalar.</summary>
    public static string? Text(this YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value : null;

    public static string? Text(this YamlNode? node, params string[] keys) => node.At(keys).Text();

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node) =>
        node is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    public static IReadOnlyList<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) =>
        node is YamlMappingNode map
            ? map.Children.Select(entry => new KeyValuePair<string, YamlNode>(entry.Key.Text() ?? string.Empty, entry.Value)).ToList()
            : [];

    /// <summary>
    /// True when a YAML 1.1 reader (Go's yaml, which Kubernetes and Dapr use) gets a string: quoted or block
    /// scalars always; plain scalars unless they read as null, a bool (yes/no/on/off too) or a number.
    /// </summary>
    public static bool IsString(this YamlNode? node) =>
        node is YamlScalarNode scalar
        && (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded
            || (scalar.Value is { Length: > 0 } text && !NotAString().IsMatch(text)));

    public static bool IsInteger(this YamlNode? node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    public static bool IsBoolean(this YamlNode? node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" };

    /// <summary>A form independent of key order and scalar style, to compare two specs.</summary>
    public static string Canonical(this YamlNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();

        static void Write(StringBuilder builder, YamlNode? node)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    builder.Append('{');
                    foreach (var entry in map.Children.OrderBy(entry => entry.Key.Text(), StringComparer.Ordinal))
                    {
                        builder.Append(entry.Key.Text()).Append(':');
                        Write(builder, entry.Value);
                        builder.Append(',');
                    }

                    builder.Append('}');
                    break;
                case YamlSequenceNode sequence:
                    builder.Append('[');
                    foreach (var item in sequence.Children)
                    {
                        Write(builder, item);
                        builder.Append(',');
                    }

                    builder.Append(']');
                    break;
                case YamlScalarNode scalar:
                    builder.Append('"').Append(scalar.Value).Append('"');
                    break;
                default:
                    builder.Append("null");
                    break;
            }
        }
    }

    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0o?[0-7]+|0x[0-9a-fA-F]+|0b[01]+)$")]
    private static partial Regex NotAString();
}
