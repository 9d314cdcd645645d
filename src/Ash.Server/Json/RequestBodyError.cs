using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ash.Server.Json;

/// <summary>
/// Says what is wrong with a request in words a client can act on: the field it named that no route knows
/// (<c>unknown_field</c>), the field whose value has the wrong type or format, or where the JSON breaks
/// (<c>invalid_json</c>), and the query parameter that is not a number. Never a .NET type name (issue 13).
/// </summary>
public static partial class RequestBodyError
{
    public const string UnknownFieldCode = "unknown_field";
    public const string InvalidJsonCode = "invalid_json";
    public const string InvalidQueryCode = "invalid_query";

    /// <summary>The code and message for a body the serializer refused.</summary>
    /// <param name="hint">Added to the message of a wrong value (e.g. that file contents are base64).</param>
    public static (string Code, string Message) Describe(JsonException exception, string? hint = null)
    {
        var message = exception.Message;
        if (UnmappedProperty().Match(message) is { Success: true } unmapped)
        {
            var field = FieldAt(exception.Path, unmapped.Groups["name"].Value);
            return (UnknownFieldCode, $"Unknown field '{field}' in the request body");
        }

        var path = FieldPath(exception.Path);
        var suffix = hint is null ? string.Empty : $" ({hint})";
        if (exception.InnerException is FormatException || message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return path is null
                ? (InvalidJsonCode, $"Request body is not valid JSON: it must be an object{suffix}")
                : (InvalidJsonCode, $"Field '{path}' has a value of the wrong type or format{suffix}");
        }

        return (InvalidJsonCode, path is null ? $"Request body is not valid JSON{suffix}" : $"Request body is not valid JSON at '{path}'{suffix}");
    }

    /// <summary>The message for a route or query value that did not bind, naming the parameter; null when the message is not one.</summary>
    public static string? DescribeBinding(string frameworkMessage)
    {
        var match = FailedBinding().Match(frameworkMessage);
        return match.Success
            ? $"Parameter '{match.Groups["name"].Value}' has an invalid value '{Shorten(match.Groups["value"].Value)}'"
            : null;
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";

    /// <summary>The field's path for humans: <c>files[0].content</c>, or null for the whole body.</summary>
    private static string? FieldPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>The unknown member's full path: the serializer reports either the member itself or the object holding it.</summary>
    private static string FieldAt(string? path, string name)
    {
        var where = FieldPath(path);
        if (where is null)
        {
            return name;
        }

        return where == name || where.EndsWith("." + name, StringComparison.Ordinal) || where.EndsWith("['" + name + "']", StringComparison.Ordinal)
            ? where
            : $"{where}.{name}";
    }

    [GeneratedRegex("^The JSON property '(?<name>.*)' could not be mapped to any \\.NET member")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("^Failed to bind parameter \"[^\"]* (?<name>[A-Za-z0-9_]+)\" from \"(?<value>.*)\"\\.?$")]
    private static partial Regex FailedBinding();
}
