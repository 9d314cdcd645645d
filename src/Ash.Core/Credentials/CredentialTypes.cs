namespace Ash.Core.Credentials;

/// <summary>
/// The credential types Ash's SDKs send (<c>anthropic</c>, <c>openai</c>, <c>bedrock</c>, <c>custom</c>) and which
/// of them the model proxy can use. Only Anthropic-compatible endpoints are served: the proxy forwards the
/// Messages API with an <c>x-api-key</c>, so an OpenAI key has no endpoint to go to, and Bedrock needs SigV4
/// signing that nothing here can verify without AWS (issue 13): both are refused rather than stored unusable.
/// </summary>
public static class CredentialTypes
{
    public const string Anthropic = "anthropic";
    public const string Custom = "custom";

    /// <summary>Types Ash knows that we refuse with 400 <c>unsupported_credential_type</c>.</summary>
    public static bool IsKnownButUnsupported(string type) => type is "bedrock" or "openai";

    public static bool IsSupported(string type) => type is Anthropic or Custom;
}
