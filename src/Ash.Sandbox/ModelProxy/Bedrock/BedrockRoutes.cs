namespace Ash.Sandbox.ModelProxy.Bedrock;

/// <summary>
/// The Bedrock runtime routes an agent of a session with a <c>bedrock</c> credential may reach through its model proxy.
/// Recorded from the pinned CLI (2.1.330) in Bedrock mode against a listener that dumped what it got: every model call
/// is <c>POST /model/{id}/invoke-with-response-stream</c>; its non-streaming fallback and model checks use
/// <c>/model/{id}/invoke</c>, and it has a CountTokens call (<c>/model/{id}/count-tokens</c>). No query is taken.
/// Its one other call, <c>GET /inference-profiles</c> (the Bedrock control plane, sent without the sandbox token),
/// is refused, and the CLI goes on with its default model ids.
/// </summary>
internal static class BedrockRoutes
{
    public const string Invoke = "invoke";
    public const string InvokeStream = "invoke-with-response-stream";
    public const string CountTokens = "count-tokens";

    /// <summary>The content type of <c>invoke-with-response-stream</c> answers (AWS event-stream framing).</summary>
    public const string EventStreamMediaType = "application/vnd.amazon.eventstream";

    /// <summary>Longer than any Bedrock model or inference-profile id (ARNs, which hold '/', are not taken).</summary>
    private const int MaxModelIdLength = 200;

    /// <summary>The Bedrock call <paramref name="target"/> names, or null when it is no Bedrock route (<paramref name="refusal"/> says why when it looked like one).</summary>
    public static BedrockCall? Match(string method, ProxyTarget target, out string? refusal)
    {
        refusal = null;
        var segments = target.Path.Split('/');
        if (segments.Length != 4 || segments[1] != "model" || segments[3] is not (Invoke or InvokeStream or CountTokens))
        {
            return null;
        }

        if (method != "POST")
        {
            refusal = $"{method} {target.Path} is not allowed through the model proxy (only POST)";
            return null;
        }

        if (target.Query.Count > 0)
        {
            refusal = $"the query parameter '{target.Query[0].Key}' is not allowed on {target.Path}";
            return null;
        }

        var modelId = segments[2];
        if (modelId.Length > MaxModelIdLength || !IsModelId(modelId))
        {
            refusal = $"'{(modelId.Length > MaxModelIdLength ? modelId[..MaxModelIdLength] + "…" : modelId)}' is not a Bedrock model id (letters, digits and -._: only, at most {MaxModelIdLength})";
            return null;
        }

        return new BedrockCall(modelId, segments[3]);
    }

    private static bool IsModelId(string id)
    {
        if (id.Length == 0 || id[0] == '.')
        {
            return false;
        }

        foreach (var character in id)
        {
            if (!(char.IsAsciiLetterOrDigit(character) || character is '-' or '.' or '_' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
