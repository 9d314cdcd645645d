namespace Ash.Sandbox.ModelProxy;

/// <summary>Where the model proxy forwards to, and the real credential it adds. Never enters a sandbox.</summary>
public sealed class ModelUpstream
{
    public Uri BaseUrl { get; set; } = new("https://api.anthropic.com");

    public string? ApiKey { get; set; }

    public bool HasCredential => !string.IsNullOrEmpty(ApiKey);

    /// <summary>How the upstream answered the last request sent with <see cref="ApiKey"/>.</summary>
    public UpstreamWatch Watch { get; } = new();
}
