namespace Ash.Sandbox.ModelProxy.Bedrock;

/// <summary>One Bedrock runtime call an agent made: <c>POST /model/{ModelId}/{Action}</c>.</summary>
/// <param name="ModelId">A Bedrock model or inference-profile id, e.g. <c>us.anthropic.claude-sonnet-4-5-20250929-v1:0</c>.</param>
internal sealed record BedrockCall(string ModelId, string Action)
{
    /// <summary>Whether the answer is billed (count-tokens is free, as the Messages API's is).</summary>
    public bool Billed => Action != BedrockRoutes.CountTokens;

    /// <summary>The path as sent to Bedrock: the model id percent-encoded as the AWS SDKs send it (<c>:</c> as <c>%3A</c>).</summary>
    public string UpstreamPath => $"/model/{Uri.EscapeDataString(ModelId)}/{Action}";
}
