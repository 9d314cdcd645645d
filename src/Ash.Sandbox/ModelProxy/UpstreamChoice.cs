namespace Ash.Sandbox.ModelProxy;

/// <summary>Where one model request goes and the key it carries, or why the proxy answers it itself.</summary>
internal readonly record struct UpstreamChoice(Uri? BaseUrl, string? ApiKey, ProxyRefusal? Refusal)
{
    public static UpstreamChoice Refused(ProxyRefusal refusal) => new(null, null, refusal);
}
