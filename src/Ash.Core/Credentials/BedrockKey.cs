using System.Text.Json;
using Ash.Core.Errors;

namespace Ash.Core.Credentials;

/// <summary>
/// A <c>bedrock</c> credential's key: the AWS keys and region Ash's SDKs send as a JSON string in <c>key</c>
/// (<c>{accessKeyId, secretAccessKey, region, sessionToken?}</c>). Stored sealed like any key, in the canonical JSON
/// of <see cref="ToJson"/>; opened only by the model proxy, which signs each Bedrock request with it.
/// </summary>
public sealed record BedrockKey(string AccessKeyId, string SecretAccessKey, string Region, string? SessionToken)
{
    private const int MaxRegionLength = 32;
    private const int MaxSecretLength = 256;

    /// <summary>STS session tokens have no documented bound; a few KiB is what they are.</summary>
    private const int MaxSessionTokenLength = 6 * 1024;

    /// <summary>The key, or a 400 naming what is wrong with it (never echoing the secret).</summary>
    public static Result<BedrockKey> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return Invalid("it is not valid JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Invalid("it must be a JSON object");
            }

            string? accessKeyId = null, secretAccessKey = null, region = null, sessionToken = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name is not ("accessKeyId" or "secretAccessKey" or "region" or "sessionToken"))
                {
                    return Invalid($"unknown field '{Printable(property.Name)}' (accessKeyId, secretAccessKey, region, sessionToken)");
                }

                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return Invalid($"'{property.Name}' must be a string");
                }

                var value = property.Value.GetString()!;
                switch (property.Name)
                {
                    case "accessKeyId": accessKeyId = value; break;
                    case "secretAccessKey": secretAccessKey = value; break;
                    case "region": region = value; break;
                    default: sessionToken = value; break;
                }
            }

            if (string.IsNullOrEmpty(accessKeyId) || string.IsNullOrEmpty(secretAccessKey) || string.IsNullOrEmpty(region))
            {
                var missing = string.Join(", ", new[] { ("accessKeyId", accessKeyId), ("secretAccessKey", secretAccessKey), ("region", region) }
                    .Where(field => string.IsNullOrEmpty(field.Item2)).Select(field => $"'{field.Item1}'"));
                return Invalid($"{missing} missing or empty");
            }

            // AWS: 16 to 128 word characters (IAM AccessKey.AccessKeyId).
            if (accessKeyId.Length is < 16 or > 128 || !accessKeyId.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return Invalid("'accessKeyId' must be 16 to 128 letters, digits or '_' (an AWS access key id such as AKIA…)");
            }

            if (secretAccessKey.Length > MaxSecretLength || !IsVisibleAscii(secretAccessKey))
            {
                return Invalid($"'secretAccessKey' must be at most {MaxSecretLength} visible ASCII characters");
            }

            // The region becomes part of a host name (bedrock-runtime.<region>.amazonaws.com): one DNS label's worth of
            // lowercase letters, digits and inner hyphens, so no value can point the proxy at another host.
            if (region.Length > MaxRegionLength || !IsRegionName(region))
            {
                return Invalid($"'region' must be an AWS region name such as us-east-1 (lowercase letters, digits and inner '-', at most {MaxRegionLength})");
            }

            if (sessionToken is not null && (sessionToken.Length is 0 or > MaxSessionTokenLength || !IsVisibleAscii(sessionToken)))
            {
                return Invalid($"'sessionToken', when given, must be 1 to {MaxSessionTokenLength} visible ASCII characters");
            }

            return new BedrockKey(accessKeyId, secretAccessKey, region, sessionToken);
        }
    }

    /// <summary>The one form the key is stored in.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("accessKeyId", AccessKeyId);
            writer.WriteString("secretAccessKey", SecretAccessKey);
            writer.WriteString("region", Region);
            if (SessionToken is not null)
            {
                writer.WriteString("sessionToken", SessionToken);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Never prints the secret or the token, should a key ever reach a log.</summary>
    public override string ToString() => $"BedrockKey {{ AccessKeyId = {AccessKeyId}, Region = {Region} }}";

    private static AshError Invalid(string problem) => AshError.Validation($"Invalid bedrock key: {problem}; 'key' must be a JSON string {{\"accessKeyId\", \"secretAccessKey\", \"region\", \"sessionToken\"?}}");

    private static bool IsVisibleAscii(string text) => text.All(c => c is > ' ' and < '\u007f');

    private static bool IsRegionName(string region) =>
        region[0] != '-' && region[^1] != '-' && !region.Contains("--", StringComparison.Ordinal) && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>A field name as safe to echo: at most 64 visible characters.</summary>
    private static string Printable(string name)
    {
        var visible = new string(name.Where(c => c is >= ' ' and < '\u007f').Take(64).ToArray());
        return visible.Length < name.Length ? visible + "…" : visible;
    }
}
