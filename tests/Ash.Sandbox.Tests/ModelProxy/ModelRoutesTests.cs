using Ash.Sandbox.ModelProxy;

namespace Ash.Sandbox.Tests.ModelProxy;

public sealed class ModelRoutesTests
{
    [Theory]
    [InlineData("POST", "/v1/messages")]
    [InlineData("POST", "/v1/messages?beta=true")]
    [InlineData("POST", "/v1/messages/count_tokens")]
    [InlineData("POST", "/v1/messages/count_tokens?beta=true")]
    public void Refusal_RoutesTheCliCalls_AreAllowed(string method, string raw) =>
        Assert.Null(ModelRoutes.Refusal(method, ProxyTarget.Normalise(raw, out _)!));

    [Theory]
    [InlineData("POST", "/v1/files", "not an API route")]
    [InlineData("GET", "/v1/files/file_123/content", "not an API route")]
    [InlineData("POST", "/v1/messages/batches", "not an API route")]
    [InlineData("GET", "/v1/messages/batches/msgbatch_1/results", "not an API route")]
    [InlineData("GET", "/v1/models", "not an API route")]
    [InlineData("GET", "/v1/organizations/api_keys", "not an API route")]
    [InlineData("POST", "/admin", "not an API route")]
    [InlineData("POST", "/v1/complete", "not an API route")]
    [InlineData("POST", "/V1/Messages", "not an API route")]
    [InlineData("POST", "/v1/messages/cache_touch", "not an API route")]
    [InlineData("GET", "/v1/messages", "only POST")]
    [InlineData("PUT", "/v1/messages", "only POST")]
    [InlineData("DELETE", "/v1/messages", "only POST")]
    [InlineData("post", "/v1/messages", "only POST")]
    [InlineData("POST", "/v1/messages?beta=false", "'beta' is not allowed")]
    [InlineData("POST", "/v1/messages?beta=true&limit=1", "'limit' is not allowed")]
    public void Refusal_EverythingElse_IsRefusedWithTheReason(string method, string raw, string reason)
    {
        var refusal = ModelRoutes.Refusal(method, ProxyTarget.Normalise(raw, out _)!);

        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }
}
