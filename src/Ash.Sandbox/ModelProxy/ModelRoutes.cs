using Ash.Sandbox.ModelProxy.Bedrock;

namespace Ash.Sandbox.ModelProxy;

/// <summary>An allowed model request: whether its answer is billed, and the Bedrock call it is (null: the Messages API).</summary>
internal sealed record ModelCall(bool Billed, BedrockCall? Bedrock);

/// <summary>
/// The upstream routes an agent may reach through its model proxy: exactly what the pinned Claude Code
/// CLI calls, nothing else. The proxy adds the server's real key to what passes, so every other route of
/// the API (files, batches, models, the admin API, anything added later) is refused with 403 before a
/// byte goes upstream (issue 12, point 7). Paths are compared in their canonical form (<see cref="ProxyTarget"/>),
/// case-sensitively, with the method; a query may hold only the parameters listed for its route. The Bedrock
/// runtime's routes (<see cref="BedrockRoutes"/>) are matched here too; the proxy then takes each family only from a
/// session whose credential speaks it.
/// </summary>
internal static class ModelRoutes
{
    /// <summary>The Messages API: the one route whose answers carry usage.</summary>
    public const string MessagesPath = "/v1/messages";

    private static readonly ModelRoute[] Allowed =
    [
        // The Messages API: every model call the CLI makes (a plain reply, each step of a tool loop,
        // thinking, another model, each sub-agent) is one streamed POST here. Recorded from the pinned CLI
        // (2.1.330) running real turns through this proxy against the fake model (ModelProxyTurnTests):
        // always POST /v1/messages?beta=true, the query added by the SDK's beta client.
        new("POST", "/v1/messages", "beta", "true"),

        // Token counting (part of the Messages API, read-only, the same content a message carries): the
        // pinned CLI has two calls to it, its SDK's countTokens ("/v1/messages/count_tokens?beta=true") and
        // a direct fetch without a query, which it uses to size contexts; the recorded turns did not need
        // it, but refusing it would break those paths for no gain.
        new("POST", "/v1/messages/count_tokens", "beta", "true"),
    ];

    /// <summary>Null when <paramref name="method"/> and <paramref name="target"/> are allowed; otherwise why not.</summary>
    public static string? Refusal(string method, ProxyTarget target) => Match(method, target, out var refusal) is null ? refusal : null;

    /// <summary>The allowed call <paramref name="method"/> <paramref name="target"/> is, or null with why it is refused.</summary>
    public static ModelCall? Match(string method, ProxyTarget target, out string? refusal)
    {
        if (BedrockRoutes.Match(method, target, out refusal) is { } bedrock)
        {
            return new ModelCall(bedrock.Billed, bedrock);
        }

        if (refusal is not null)
        {
            return null;
        }

        refusal = AnthropicRefusal(method, target);
        return refusal is null ? new ModelCall(target.Path == MessagesPath, null) : null;
    }

    private static string? AnthropicRefusal(string method, ProxyTarget target)
    {
        foreach (var route in Allowed)
        {
            if (!string.Equals(route.Path, target.Path, StringComparison.Ordinal))
            {
                continue;
            }

            if (!string.Equals(route.Method, method, StringComparison.Ordinal))
            {
                return $"{method} {target.Path} is not allowed through the model proxy (only {route.Method})";
            }

            foreach (var (name, value) in target.Query)
            {
                if (!string.Equals(name, route.QueryName, StringComparison.Ordinal) || !string.Equals(value, route.QueryValue, StringComparison.Ordinal))
                {
                    return $"the query parameter '{name}' is not allowed on {target.Path}";
                }
            }

            return null;
        }

        return $"{target.Path} is not an API route agents may use through the model proxy";
    }

    /// <param name="QueryName">The one query parameter the route takes, with <paramref name="QueryValue"/> its one value.</param>
    private sealed record ModelRoute(string Method, string Path, string QueryName, string QueryValue);
}
