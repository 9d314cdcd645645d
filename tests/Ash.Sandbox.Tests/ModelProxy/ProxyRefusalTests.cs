using System.Text;
using System.Text.Json;
using Ash.Sandbox.ModelProxy;

namespace Ash.Sandbox.Tests.ModelProxy;

public sealed class ProxyRefusalTests
{
    [Fact]
    public void ToResponse_IsTheAnthropicErrorShapeWithTheMessageJsonEscaped()
    {
        var refusal = ProxyRefusal.Forbidden("the query parameter 'a\"b\\c\u0001' is not allowed");

        var response = Encoding.UTF8.GetString(refusal.ToResponse());

        var (head, body) = (response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)], response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", head, StringComparison.Ordinal);
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}", head, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("permission_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("the query parameter 'a\"b\\c\u0001' is not allowed", json.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void ToResponse_TooManyConnections_Is429WithRetryAfter()
    {
        var response = Encoding.UTF8.GetString(ProxyRefusal.TooManyConnections(32).ToResponse());

        Assert.StartsWith("HTTP/1.1 429 Too Many Requests\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Retry-After: 1\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\"rate_limit_error\"", response, StringComparison.Ordinal);
    }

    [Fact]
    public void UpstreamUnreachable_NamesItsSchemeHostAndPort_NeverItsUserInfoPathOrQuery()
    {
        var refusal = ProxyRefusal.UpstreamUnreachable(
            new Uri("https://user:secret@gateway.example:8443/v1/messages?key=k"), new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"));

        Assert.Equal((502, "the model upstream https://gateway.example:8443 is unreachable (its name does not resolve)"), (refusal.Status, refusal.Message));
    }
}
