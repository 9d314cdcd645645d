using System.IO.Pipes;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ash.Core.Credentials;
using Ash.Core.Errors;
using Ash.Sandbox.ModelProxy;
using Ash.Sandbox.Native;
using Ash.Sandbox.Tests.Egress;
using Ash.Testing.Common;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Sandbox.Tests.ModelProxy;

/// <summary>The proxy in-process on a real Unix socket, its HttpClient answered by a recording upstream.</summary>
public sealed class ModelProxyListenerTests : IAsyncDisposable
{
    private const string Token = "sbx_0123456789abcdef";
    private const string RealKey = "sk-ant-real-key";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("ash-model-proxy-").FullName;
    private readonly ListLogger _logger = new();
    private readonly RecordingUpstream _upstream = new();
    private readonly HttpClient _http;
    private ModelProxyListener? _proxy;

    public ModelProxyListenerTests() => _http = new HttpClient(_upstream);

    private string SocketPath => Path.Combine(_directory, "model.sock");

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync().AsTask().WaitAsync(Timeout);
        }

        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Request(string method, string target, string body, string token = Token, string extra = "") =>
        $"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:8377\r\nx-api-key: {token}\r\nauthorization: Bearer {token}\r\ncontent-type: application/json\r\n" +
        $"content-length: {Encoding.UTF8.GetByteCount(body)}\r\n{extra}\r\n{body}";

    [Fact]
    public async Task AllowedRoute_GoesUpstreamCanonicalWithTheRealKeyOnly()
    {
        Start();
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync(Request("POST", "/v1/./messages?%62eta=true", "{\"model\":\"m\"}", extra: "Connection: x-secret\r\nx-secret: 1\r\n"));

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await client.ReadHeadAsync(), StringComparison.Ordinal);
        Assert.Equal("event: message_stop\ndata: {}\n\n", await client.ReadToEndAsync());
        var request = Assert.Single(_upstream.Completed);
        Assert.Equal(new UpstreamRequest("POST", "/v1/messages?beta=true", RealKey, null, "application/json", 13, 13), request);
    }

    [Fact]
    public async Task TraceHeadersOfTheAgent_NeverReachTheUpstream()
    {
        Start();
        using var client = await ProxyClient.ConnectAsync(SocketPath);
        const string Trace = "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\ntracestate: agent=1\r\nbaggage: agent=1\r\nrequest-id: |agent.1\r\n";

        await client.SendAsync(Request("POST", "/v1/messages?beta=true", "{}", extra: Trace + "anthropic-version: 2023-06-01\r\n"));

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await client.ReadHeadAsync(), StringComparison.Ordinal);
        var names = Assert.Single(_upstream.HeaderNames);
        Assert.Contains("anthropic-version", names);
        string[] trace = ["traceparent", "tracestate", "baggage", "request-id"];
        Assert.DoesNotContain(names, name => trace.Contains(name, StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("POST", "/v1/files", 403, "permission_error")]
    [InlineData("POST", "/v1/../admin", 403, "permission_error")]
    [InlineData("POST", "/v1/%2e%2e/v1/messages/batches", 403, "permission_error")]
    [InlineData("GET", "/v1/messages", 403, "permission_error")]
    [InlineData("POST", "/v1/../../admin", 400, "invalid_request_error")]
    [InlineData("POST", "/v1%2fmessages", 400, "invalid_request_error")]
    [InlineData("POST", "http://evil.example/v1/messages", 400, "invalid_request_error")]
    public async Task RefusedTarget_IsAnsweredByTheProxyAndNeverReachesTheUpstream(string method, string target, int status, string errorType)
    {
        Start();
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync(Request(method, target, "{}"));

        await AssertRefusedAsync(client, status, errorType);
        Assert.Empty(_upstream.Arrivals);
        var entry = Assert.Single(_logger.Entries, e => e.EventId == 2001);
        Assert.Contains($"refused {method} ", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableUpstream_Is502NamingTheUpstream()
    {
        _upstream.Answer = () => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (upstream.test:80)");
        Start();
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync(Request("POST", "/v1/messages", "{}"));

        var answer = await client.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 502 ", answer, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        Assert.Equal("the model upstream http://upstream.test is unreachable (no connection)", json.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task WrongToken_Is401AndNeverReachesTheUpstream()
    {
        Start();
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync(Request("POST", "/v1/messages", "{}", token: "sbx_guess"));

        await AssertRefusedAsync(client, 401, "authentication_error");
        Assert.Empty(_upstream.Arrivals);
        Assert.DoesNotContain(_logger.Entries, e => e.Message.Contains("sbx_guess", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Body_IsStreamedToTheUpstreamBeforeTheAgentHasSentItAll()
    {
        Start();
        using var client = await ProxyClient.ConnectAsync(SocketPath);
        var piece = new byte[1024 * 1024];
        await client.SendAsync("POST /v1/messages HTTP/1.1\r\nx-api-key: " + Token + $"\r\ncontent-length: {3 * piece.Length}\r\n\r\n");
        await client.SendAsync(piece);

        // With two thirds of the body still unsent, the upstream is already reading it.
        await _upstream.FirstBodyBytes.Task.WaitAsync(Timeout);
        Assert.Empty(_upstream.Completed);

        await client.SendAsync(piece);
        await client.SendAsync(piece);
        Assert.StartsWith("HTTP/1.1 200 ", await client.ReadHeadAsync(), StringComparison.Ordinal);
        Assert.Equal(3L * piece.Length, Assert.Single(_upstream.Completed).BodyBytes);
    }

    [Fact]
    public async Task DeclaredBodyOverTheCap_Is413BeforeAnyOfItIsRead()
    {
        Start(new ModelProxyLimits { MaxRequestBodyBytes = 1024 });
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync("POST /v1/messages HTTP/1.1\r\nx-api-key: " + Token + "\r\ncontent-length: 67108864\r\n\r\n");

        await AssertRefusedAsync(client, 413, "request_too_large");
        Assert.Empty(_upstream.Arrivals);
    }

    [Fact]
    public async Task ChunkedBodyOverTheCap_Is413AndTheUpstreamNeverGetsAWholeRequest()
    {
        Start(new ModelProxyLimits { MaxRequestBodyBytes = 64 * 1024 });
        using var client = await ProxyClient.ConnectAsync(SocketPath);
        var chunk = "8000\r\n" + new string('x', 0x8000) + "\r\n";

        await client.SendAsync("POST /v1/messages HTTP/1.1\r\nx-api-key: " + Token + "\r\ntransfer-encoding: chunked\r\n\r\n" + chunk + chunk + chunk + "0\r\n\r\n");

        await AssertRefusedAsync(client, 413, "request_too_large");
        Assert.Empty(_upstream.Completed);
    }

    [Fact]
    public async Task BrokenChunkedBody_Is400()
    {
        Start();
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync("POST /v1/messages HTTP/1.1\r\nx-api-key: " + Token + "\r\ntransfer-encoding: chunked\r\n\r\nnot-hex\r\n{}\r\n0\r\n\r\n");

        await AssertRefusedAsync(client, 400, "invalid_request_error");
        Assert.Empty(_upstream.Completed);
    }

    [Fact]
    public async Task ConnectionsOverTheCap_Get429AndTheSlotIsFreedWhenOneCloses()
    {
        Start(new ModelProxyLimits { MaxConnections = 2 });
        var first = await ProxyClient.ConnectAsync(SocketPath);
        using var second = await ProxyClient.ConnectAsync(SocketPath);
        await Eventually.TrueAsync(() => _proxy!.OpenConnections == 2, "two open connections");

        using (var third = await ProxyClient.ConnectAsync(SocketPath))
        {
            await AssertRefusedAsync(third, 429, "rate_limit_error");
        }

        first.Dispose();
        await Eventually.TrueAsync(() => _proxy!.OpenConnections == 1, "one open connection");
        using var fourth = await ProxyClient.ConnectAsync(SocketPath);
        await fourth.SendAsync(Request("POST", "/v1/messages", "{}"));
        Assert.StartsWith("HTTP/1.1 200 ", await fourth.ReadHeadAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowHead_Gets408WhenTheHeadTimeoutPasses()
    {
        var time = new FakeTimeProvider();
        Start(time: time);
        using var client = await ProxyClient.ConnectAsync(SocketPath);
        await client.SendAsync("POST /v1/mess");
        var answer = client.ReadToEndAsync();

        await time.AdvanceUntilAsync(answer, TimeSpan.FromSeconds(11));

        Assert.StartsWith("HTTP/1.1 408 ", await answer, StringComparison.Ordinal);
        Assert.Empty(_upstream.Arrivals);
    }

    [Fact]
    public async Task StalledBody_Gets408WhenTheIdleTimeoutPasses()
    {
        var time = new FakeTimeProvider();
        Start(time: time);
        using var client = await ProxyClient.ConnectAsync(SocketPath);
        await client.SendAsync("POST /v1/messages HTTP/1.1\r\nx-api-key: " + Token + "\r\ncontent-length: 100\r\n\r\n{\"model\"");
        await _upstream.FirstBodyBytes.Task.WaitAsync(Timeout);
        var answer = client.ReadToEndAsync();

        await time.AdvanceUntilAsync(answer, TimeSpan.FromSeconds(31));

        Assert.StartsWith("HTTP/1.1 408 ", await answer, StringComparison.Ordinal);
        Assert.Empty(_upstream.Completed);
    }

    [Fact]
    public async Task Answer_IsStreamedToTheAgentAsTheUpstreamSendsIt()
    {
        using var upstreamOut = new AnonymousPipeServerStream(PipeDirection.Out);
        using var upstreamIn = new AnonymousPipeClientStream(PipeDirection.In, upstreamOut.ClientSafePipeHandle);
        _upstream.Answer = () => new StreamContent(upstreamIn);
        Start();
        using var client = await ProxyClient.ConnectAsync(SocketPath);
        await client.SendAsync(Request("POST", "/v1/messages?beta=true", "{}"));
        Assert.StartsWith("HTTP/1.1 200 ", await client.ReadHeadAsync(), StringComparison.Ordinal);

        await upstreamOut.WriteAsync(Encoding.ASCII.GetBytes("event: content_block_delta\n\n"));
        await upstreamOut.FlushAsync();

        Assert.Equal("event: content_block_delta\n\n", await client.ReadExactlyAsync("event: content_block_delta\n\n".Length));
        upstreamOut.Dispose();
        Assert.Equal(string.Empty, await client.ReadToEndAsync());
    }

    [Fact]
    public async Task Expect100Continue_IsAnsweredOnceTheRequestIsAccepted()
    {
        Start();
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync("POST /v1/messages HTTP/1.1\r\nx-api-key: " + Token + "\r\ncontent-length: 2\r\nexpect: 100-continue\r\n\r\n");

        Assert.Equal("HTTP/1.1 100 Continue", await client.ReadHeadAsync());
        await client.SendAsync("{}");
        Assert.StartsWith("HTTP/1.1 200 ", await client.ReadHeadAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertRefusedAsync(ProxyClient client, int status, string errorType)
    {
        var answer = await client.ReadToEndAsync();
        Assert.StartsWith($"HTTP/1.1 {status} ", answer, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(errorType, json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task BedrockRoute_OfASessionWithoutABedrockCredential_IsRefusedBeforeTheUpstream()
    {
        Start();
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync(Request("POST", "/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke-with-response-stream", "{}"));

        await AssertRefusedAsync(client, 403, "permission_error");
        Assert.Empty(_upstream.Arrivals);
    }

    [Fact]
    public async Task MessagesRoute_OfABedrockSession_IsRefusedBeforeTheUpstream()
    {
        Start(upstream: BedrockSession());
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync(Request("POST", "/v1/messages?beta=true", "{}"));

        await AssertRefusedAsync(client, 403, "permission_error");
        Assert.Empty(_upstream.Arrivals);
    }

    [Fact]
    public async Task BedrockRoute_OfABedrockSession_GoesToItsEndpointSignedWithItsKeys_WithoutTheTokenOrAnApiKey()
    {
        Start(upstream: BedrockSession());
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync(Request("POST", "/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke", "{\"max_tokens\":1}"));

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await client.ReadHeadAsync(), StringComparison.Ordinal);
        var request = Assert.Single(_upstream.Completed);
        Assert.Equal("/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke", request.PathAndQuery);
        Assert.Null(request.ApiKey);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAFAKELISTENER0001/", request.Authorization, StringComparison.Ordinal);
        Assert.Contains("/us-west-2/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=", request.Authorization, StringComparison.Ordinal);
        Assert.Equal(16, request.BodyBytes);
        Assert.DoesNotContain(Token, request.Authorization, StringComparison.Ordinal);
    }

    /// <summary>A session whose credential is a bedrock one, going to a stand-in Bedrock endpoint.</summary>
    private static SandboxUpstream BedrockSession() => new(
        new ModelUpstream { BaseUrl = new Uri("http://upstream.test"), ApiKey = RealKey },
        new OneCredential(new OpenedCredential(Guid.NewGuid(), "bedrock", """{"accessKeyId":"AKIAFAKELISTENER0001","secretAccessKey":"listener-secret","region":"us-west-2","sessionToken":"listener-token"}""", null)),
        "tenant",
        Guid.NewGuid(),
        tenantHttp: null,
        bedrockEndpoint: new Uri("http://bedrock.test"));

    private sealed class OneCredential(OpenedCredential credential) : IModelCredentialSource
    {
        public Task<Result<OpenedCredential>> OpenAsync(string tenantId, Guid credentialId, CancellationToken cancellationToken) =>
            Task.FromResult<Result<OpenedCredential>>(credential);
    }

    private void Start(ModelProxyLimits? limits = null, TimeProvider? time = null, SandboxUpstream? upstream = null) =>
        _proxy = ModelProxyListener.Start(
            SocketPath,
            (int)LibC.GetEffectiveUserId(),
            "sbx-test",
            Token,
            upstream ?? SandboxUpstream.ServerOnly(new ModelUpstream { BaseUrl = new Uri("http://upstream.test"), ApiKey = RealKey }),
            usage: null,
            budget: null,
            _http,
            limits ?? new ModelProxyLimits(),
            time ?? TimeProvider.System,
            _logger);
}
