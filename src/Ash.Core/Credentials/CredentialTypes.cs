namespace Ash.Core.Credentials;

/// <summary>
/// The credential types Ash's SDKs send (<c>anthropic</c>, <c>openai</c>, <c>bedrock</c>, <c>custom</c>) and which
/// of them the model proxy can use: Anthropic-compatible endpoints (the proxy forwards the Messages API with an
/// <c>x-api-key</c>) and Bedrock (the proxy signs each request with the credential's AWS keys, issue 13). An OpenAI
/// key has no endpoint to go to, so it is refused rather than stored unusable.
/// </summary>
public static class CredentialTypes
{
    public const string Anthropic = "anthropic";
    public const string Bedrock = "bedrock";
    public const string Custom = "custom";

    /// <summary>Types Ash knows that we refuse with 400 <c>unsupported_credential_type</c>.</summary>
    public static bool IsKnownButUnsupported(string type) => type is "openai";

    public static bool IsSupported(string type) => type is Anthropic or Bedrock or Custom;
}
