using System.Text;
using System.Text.RegularExpressions;

namespace Ash.Server.Attachments;

/// <summary>What a client may call an attachment and what type it may say it is.</summary>
internal static partial class AttachmentNames
{
    public const string DefaultMimeType = "application/octet-stream";

    private const int MaxFilenameBytes = 255;

    /// <summary>
    /// The base name of what the client sent (any folder part dropped, control characters removed), or null
    /// when nothing usable is left.
    /// </summary>
    public static string? Filename(string? given)
    {
        if (given is null)
        {
            return null;
        }

        var name = given.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name is "" or "." or "..")
        {
            return null;
        }

        while (Encoding.UTF8.GetByteCount(name) > MaxFilenameBytes)
        {
            name = name[..^1];
        }

        return name;
    }

    /// <summary>The MIME type in lower case (no parameters), the default when none was given, or null when it is not one.</summary>
    public static string? MimeType(string? given) =>
        string.IsNullOrWhiteSpace(given) ? DefaultMimeType
        : MimeTypePattern().IsMatch(given) ? given.ToLowerInvariant()
        : null;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$")]
    private static partial Regex MimeTypePattern();
}
