using Ash.Core.Auth;

namespace Ash.Server.Metrics;

/// <summary>Section <c>Ash:Metrics</c> (docs/operations.md, "Metrics").</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// The bearer token a scraper presents to <c>GET /metrics</c> (<c>ASH_METRICS_TOKEN</c>); the admin key is
    /// accepted too. With neither configured <c>/metrics</c> answers every request 401.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>How often the sessions are counted by status for <c>ash_sessions</c> and the pool's <c>cold</c> state.</summary>
    public TimeSpan CensusInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Start-up checks, with the setting named in each problem.</summary>
    public IEnumerable<string> Validate(string? apiKey, string? adminKey)
    {
        if (CensusInterval < TimeSpan.FromMilliseconds(100) || CensusInterval > TimeSpan.FromHours(1))
        {
            yield return $"Ash:Metrics:CensusInterval must be between 00:00:00.1 and 01:00:00 (got {CensusInterval})";
        }

        if (string.IsNullOrEmpty(Token))
        {
            yield break;
        }

        if (Token.Length < ApiKeyHash.MinConfiguredLength || Token.Any(char.IsWhiteSpace))
        {
            yield return $"Ash:Metrics:Token (ASH_METRICS_TOKEN) must be at least {ApiKeyHash.MinConfiguredLength} characters without spaces (e.g. the output of 'openssl rand -hex 32')";
        }

        if (Token == apiKey || Token == adminKey)
        {
            yield return "Ash:Metrics:Token (ASH_METRICS_TOKEN) must differ from Ash:ApiKey and Ash:AdminKey: whoever scrapes the metrics gets no other access";
        }
    }
}
