using System.Globalization;
using Ash.Client;

namespace Ash.Cli.Output;

// What `ash start` and `ash status` say about the server's model key: a missing one is why a first chat fails.
internal static class ModelCredentialHint
{
    public const string Missing =
        "the server has no model credential: turns fail until you set ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL for another endpoint) and restart it, or create sessions with a credential (POST /api/credentials)";

    /// <summary>The warning to print, or null when the server has a key (or is too old to say).</summary>
    public static string? WarningFor(Health? health) => health?.Model is { CredentialConfigured: false } ? Missing : null;

    /// <summary>One line for the status table: the key, then how the upstream answered its last request.</summary>
    public static string Describe(ModelHealth model, DateTimeOffset now)
    {
        if (!model.CredentialConfigured)
        {
            return "no credential (set ANTHROPIC_API_KEY and restart)";
        }

        return model.LastRequest switch
        {
            null => "credential set; no model request yet",
            { Ok: true } last => $"credential set; upstream answered {Status(last)} {RelativeTime.Since(last.At, now)}",
            { Answered: true } last => $"credential set; upstream REFUSED the last request ({Status(last)}) {RelativeTime.Since(last.At, now)}",
            var last => $"credential set; upstream did NOT ANSWER the last request {RelativeTime.Since(last.At, now)}",
        };
    }

    private static string Status(ModelRequestHealth last) => last.Status?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
