using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>Hostile HTTP: oversized, malformed, mistyped and deeply nested bodies, odd queries, and a burst of sends. Always a clean 4xx/503, never a 500.</summary>
public sealed class ApiAbuseTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    private const int OverLimitBytes = 70 * 1024 * 1024;

    private HttpClient Http => probe.Server.Http;

    public static TheoryData<string> PostRoutes => new()
    {
        "/api/agents",
        "/api/sessions",
        $"/api/sessions/{Guid.NewGuid()}/messages",
    };

    [Theory]
    [MemberData(nameof(PostRoutes))]
    public async Task Post_AnnouncingAnOversizedBody_Is413WithoutReadingIt(string route)
    {
        using var tcp = await ConnectAsync();
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Head(route, $"Content-Length: {OverLimitBytes}") + "{\"content\":\"xxxx"));

        var (status, body) = await ReadResponseAsync(stream);

        Assert.Equal(413, status);
        Assert.Contains("\"code\":\"payload_too_large\"", body);
    }

    [Fact]
    public async Task Post_StreamingAnOversizedChunkedBody_Is413()
    {
        using var tcp = await ConnectAsync();
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Head("/api/sessions", "Transfer-Encoding: chunked")));
        var chunk = new byte[1024 * 1024];
        chunk.AsSpan().Fill((byte)'a');
        var framing = Encoding.ASCII.GetBytes(chunk.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");

        // The server may answer and close before the whole body is sent; the answer is what matters.
        var sending = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync("a\r\n{\"agent\":\"\r\n"u8.ToArray());
                for (var sent = 0; sent < OverLimitBytes; sent += chunk.Length)
                {
                    await stream.WriteAsync(framing);
                    await stream.WriteAsync(chunk);
                    await stream.WriteAsync("\r\n"u8.ToArray());
                }
            }
            catch (IOException)
            {
            }
        });

        var (status, body) = await ReadResponseAsync(stream);
        await sending.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(413, status);
        Assert.Contains("\"code\":\"payload_too_large\"", body);
        await AssertServerHealthyAsync();
    }

    [Fact]
    public async Task SendMessage_ContentOverTheCharacterLimit_Is400()
    {
        await using var session = await probe.StartSessionAsync();

        using var response = await Http.PostAsJsonAsync($"/api/sessions/{session.Id}/messages", new { content = new string('x', 500_001) });

        await AssertClientErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{\"agent\": \"x\",")]
    [InlineData("{")]
    [InlineData("not json at all")]
    [InlineData("{\"agent\":\"x\"}}")]
    [InlineData("{\"agent\":\"x\" \"model\":\"y\"}")]
    [InlineData("{'agent':'x'}")]
    [InlineData("\"unterminated")]
    public async Task Post_MalformedJson_Is400OnEveryRoute(string body)
    {
        await using var session = await probe.StartSessionAsync();
        foreach (var route in new[] { "/api/agents", "/api/sessions", $"/api/sessions/{session.Id}/messages" })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await Http.PostAsync(route, content);
            await AssertClientErrorAsync(response, HttpStatusCode.BadRequest);
        }
    }

    /// <summary>The caller is known before any body is read: no key, a wrong key or a malformed header is a 401 whatever the body.</summary>
    [Theory]
    [InlineData(null, "{")]
    [InlineData(null, "not json at all")]
    [InlineData(null, "{\"agent\":123}")]
    [InlineData("Bearer wrong-key", "{")]
    [InlineData("Basic abc", "{\"content\":[1,2]}")]
    public async Task Post_WithoutAValidKey_Is401BeforeTheBodyIsRead(string? authorization, string body)
    {
        await using var session = await probe.StartSessionAsync();
        using var anonymous = probe.Server.CreateClient(null);
        foreach (var route in new[] { "/api/agents", "/api/sessions", $"/api/sessions/{session.Id}/messages", $"/api/sessions/{session.Id}/exec", $"/api/sessions/{session.Id}/files" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await anonymous.SendAsync(request);

            await AssertClientErrorAsync(response, $"POST {route}", HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Post_InvalidUtf8InAStringValue_Is400()
    {
        await using var session = await probe.StartSessionAsync();
        byte[] invalid = [0xC3, 0x28, 0xFF, 0xFE];
        var bodies = new (string Route, byte[] Body)[]
        {
            ("/api/sessions", [.. "{\"agent\":\""u8, .. invalid, .. "\"}"u8]),
            ("/api/agents", [.. "{\"name\":\""u8, .. invalid, .. "\",\"path\":\"/tmp\"}"u8]),
            ($"/api/sessions/{session.Id}/messages", [.. "{\"content\":\""u8, .. invalid, .. "\"}"u8]),
        };
        foreach (var (route, body) in bodies)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await Http.PostAsync(route, content);
            await AssertClientErrorAsync(response, $"POST {route}", HttpStatusCode.BadRequest);
        }

        await probe.AssertStillServingAsync(session);
    }

    [Theory]
    [InlineData("/api/sessions", "{\"agent\":123}")]
    [InlineData("/api/sessions", "{\"agent\":[\"a\"]}")]
    [InlineData("/api/sessions", "{\"agent\":{\"name\":\"a\"}}")]
    [InlineData("/api/sessions", "{\"agent\":\"AGENT\",\"extraEnv\":\"A=1\"}")]
    [InlineData("/api/sessions", "{\"agent\":\"AGENT\",\"extraEnv\":{\"A\":1}}")]
    [InlineData("/api/sessions", "{\"agent\":\"AGENT\",\"allowedTools\":\"Bash\"}")]
    [InlineData("/api/sessions", "{\"agent\":\"AGENT\",\"model\":{}}")]
    [InlineData("/api/sessions", "{\"agent\":\"AGENT\",\"permissionMode\":7}")]
    [InlineData("/api/sessions", "[]")]
    [InlineData("/api/sessions", "null")]
    [InlineData("/api/sessions", "\"AGENT\"")]
    [InlineData("/api/sessions", "42")]
    [InlineData("/api/sessions", "")]
    [InlineData("/api/agents", "{\"name\":true,\"path\":\"/tmp\"}")]
    [InlineData("/api/agents", "{\"name\":\"n\",\"files\":\"CLAUDE.md\"}")]
    [InlineData("/api/agents", "{\"name\":\"n\",\"files\":[{\"path\":1,\"content\":\"eA==\"}]}")]
    [InlineData("/api/agents", "{\"name\":\"n\",\"files\":[{\"path\":\"CLAUDE.md\",\"content\":\"not base64!\"}]}")]
    [InlineData("/api/agents", "{\"name\":\"n\",\"files\":[null]}")]
    [InlineData("/api/agents", "{\"name\":\"n\",\"path\":[\"/tmp\"]}")]
    [InlineData("/api/agents", "{}")]
    [InlineData("MESSAGES", "{\"content\":42}")]
    [InlineData("MESSAGES", "{\"content\":{\"text\":\"hi\"}}")]
    [InlineData("MESSAGES", "{\"content\":[1,2]}")]
    [InlineData("MESSAGES", "{\"content\":[{\"type\":\"video\"}]}")]
    [InlineData("MESSAGES", "{\"content\":\"\"}")]
    [InlineData("MESSAGES", "{\"content\":null}")]
    [InlineData("MESSAGES", "{\"content\":\"hi\",\"includePartialMessages\":\"yes\"}")]
    [InlineData("MESSAGES", "[\"echo hi\"]")]
    public async Task Post_WrongShapeOrTypes_Is400(string route, string body)
    {
        await using var session = await probe.StartSessionAsync();
        var agent = (await Api.GetJsonAsync(Http, $"/api/sessions/{session.Id}"))["session"]!["agentName"]!.GetValue<string>();
        route = route == "MESSAGES" ? $"/api/sessions/{session.Id}/messages" : route;

        using var content = new StringContent(body.Replace("AGENT", agent, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(route, content);

        await AssertClientErrorAsync(response, HttpStatusCode.BadRequest);
        await probe.AssertStillServingAsync(session);
    }

    [Theory]
    [InlineData("/api/sessions", "{\"agent\":\"x\",\"mcpServers\":NEST}")]
    [InlineData("/api/sessions", "NEST")]
    [InlineData("/api/agents", "{\"name\":\"deep\",\"path\":NEST}")]
    [InlineData("MESSAGES", "{\"content\":NEST}")]
    public async Task Post_DeeplyNestedJson_Is400(string route, string body)
    {
        await using var session = await probe.StartSessionAsync();
        route = route == "MESSAGES" ? $"/api/sessions/{session.Id}/messages" : route;
        foreach (var depth in new[] { 65, 1_000, 100_000 })
        {
            var nested = new StringBuilder().Insert(0, "[", depth).Append(']', depth).ToString();
            using var content = new StringContent(body.Replace("NEST", nested, StringComparison.Ordinal), Encoding.UTF8, "application/json");
            using var response = await Http.PostAsync(route, content);
            await AssertClientErrorAsync(response, HttpStatusCode.BadRequest);
        }

        await probe.AssertStillServingAsync(session);
    }

    [Fact]
    public async Task Post_NotJson_IsRefused()
    {
        using var content = new StringContent("agent=x", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await Http.PostAsync("/api/sessions", content);

        await AssertClientErrorAsync(response, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/sessions?limit=-1")]
    [InlineData("/api/sessions?limit=0")]
    [InlineData("/api/sessions?limit=abc")]
    [InlineData("/api/sessions?limit=99999999999999999999")]
    [InlineData("/api/sessions?status=bogus")]
    [InlineData("/api/sessions/SESSION/events?after=-5")]
    [InlineData("/api/sessions/SESSION/events?after=abc")]
    [InlineData("/api/sessions/SESSION/events?limit=100000")]
    [InlineData("/api/sessions/SESSION/stream/events?after=-1")]
    [InlineData("/api/sessions/SESSION/stream/events?limit=0")]
    [InlineData("/api/sessions/SESSION/messages?after=1e99")]
    [InlineData("/api/sessions/SESSION/messages?limit=2147483648")]
    public async Task Get_BadQueryValues_Is400(string path)
    {
        await using var session = await probe.StartSessionAsync();

        using var response = await Http.GetAsync(path.Replace("SESSION", session.Id.ToString(), StringComparison.Ordinal));

        await AssertClientErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_BadCursorAndLastEventId_AreRefusedCleanly()
    {
        await using var session = await probe.StartSessionAsync();

        using (var cursor = await Http.GetAsync("/api/sessions?cursor=" + Uri.EscapeDataString("' OR 1=1; --\u0000\u00ff")))
        {
            Assert.True((int)cursor.StatusCode < 500, $"cursor: {(int)cursor.StatusCode}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session.Id}/stream");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", "not-a-number");
        using var stream = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await AssertClientErrorAsync(stream, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Request_HugeUrlOrHeaders_IsRefusedCleanly()
    {
        using (var url = await Http.GetAsync("/api/sessions/" + new string('a', 64 * 1024)))
        {
            Assert.InRange((int)url.StatusCode, 400, 499);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('b', 128 * 1024));
        using var headers = await Http.SendAsync(request);
        Assert.InRange((int)headers.StatusCode, 400, 499);
        await AssertServerHealthyAsync();
    }

    [Fact]
    public async Task SendMessage_FiftyAtOnceToOneSession_AreAnsweredInOrderOrRefusedCleanly()
    {
        await using var session = await probe.StartSessionAsync();

        var sends = Enumerable.Range(0, 50).Select(i => SendAsync(session.Id, $"echo burst-{i}")).ToList();
        var outcomes = await Task.WhenAll(sends);

        // Each accepted send streamed its own answer; each refused one is a clean 503 with Retry-After.
        Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"status {(int)o.Status}: {o.Body}"));
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i].Status == HttpStatusCode.OK)
            {
                Assert.Equal($"burst-{i}\n[exit 0]", outcomes[i].Answer);
            }
            else
            {
                Assert.True(outcomes[i].RetryAfter, "a 503 without Retry-After");
            }
        }

        Assert.Contains(outcomes, o => o.Status == HttpStatusCode.OK);

        // The history pairs every accepted message with its answer, in the order the turns ran.
        var messages = (await Api.GetJsonAsync(Http, $"/api/sessions/{session.Id}/messages?limit=1000"))["messages"]!.AsArray();
        var asked = new List<string>();
        var answered = new List<string>();
        foreach (var message in messages)
        {
            // Ash's shapes: {"type":"user","content":…} and the agent's whole assistant and result messages.
            var content = JsonNode.Parse(message!["content"]!.GetValue<string>())!;
            if (message["role"]!.GetValue<string>() == "user")
            {
                asked.Add(content["content"]!.GetValue<string>().Replace("echo ", string.Empty, StringComparison.Ordinal));
            }
            else if (content["type"]!.GetValue<string>() == "assistant")
            {
                answered.Add(content["message"]!["content"]![0]!["text"]!.GetValue<string>().Split('\n')[0]);
            }
        }

        Assert.Equal(asked, answered);
        Assert.Equal(outcomes.Count(o => o.Status == HttpStatusCode.OK) + 1, asked.Count);

        await probe.AssertStillServingAsync(session);
    }

    private async Task<(HttpStatusCode Status, string? Answer, bool RetryAfter, string Body)> SendAsync(Guid session, string script)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/messages")
        {
            Content = JsonContent.Create(new { content = script }),
        };
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null, response.Headers.RetryAfter is not null, await response.Content.ReadAsStringAsync(timeout.Token));
        }

        var frames = new List<SseFrame>();
        await foreach (var frame in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(timeout.Token), timeout.Token))
        {
            frames.Add(frame);
        }

        var result = ProbeResult.From(frames);
        return (response.StatusCode, $"{result.Output}[exit {result.ExitCode}]", false, string.Empty);
    }

    private static Task AssertClientErrorAsync(HttpResponseMessage response, params HttpStatusCode[] allowed) =>
        AssertClientErrorAsync(response, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}", allowed);

    private static async Task AssertClientErrorAsync(HttpResponseMessage response, string what, params HttpStatusCode[] allowed)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(allowed.Contains(response.StatusCode), $"{what}: expected {string.Join(" or ", allowed.Select(s => (int)s))}, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)response.StatusCode, body["statusCode"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["error"]!.GetValue<string>()));
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
    }

    private async Task AssertServerHealthyAsync()
    {
        using var anonymous = probe.Server.CreateClient(null);
        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(probe.Server.BaseUrl.Host, probe.Server.BaseUrl.Port);
        tcp.ReceiveTimeout = 60_000;
        return tcp;
    }

    private static string Head(string route, string lengthHeader) =>
        $"POST {route} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TestServer.ApiKey}\r\nContent-Type: application/json\r\n{lengthHeader}\r\n\r\n";

    /// <summary>The status code and body of an HTTP/1.1 response, framed by Content-Length or chunked.</summary>
    private static async Task<(int Status, string Body)> ReadResponseAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        var statusLine = await reader.ReadLineAsync(timeout.Token) ?? throw new IOException("connection closed before a status line");
        int? length = null;
        var chunked = false;
        string? line;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is { Length: > 0 })
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
        }

        var body = new StringBuilder();
        if (chunked)
        {
            while (await reader.ReadLineAsync(timeout.Token) is { Length: > 0 } sizeLine
                && int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture) is > 0 and var size)
            {
                body.Append(await ReadExactlyAsync(reader, size, timeout.Token));
                await reader.ReadLineAsync(timeout.Token);
            }
        }
        else if (length is { } contentLength)
        {
            body.Append(await ReadExactlyAsync(reader, contentLength, timeout.Token));
        }

        return (int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture), body.ToString());
    }

    private static async Task<string> ReadExactlyAsync(StreamReader reader, int length, CancellationToken cancellationToken)
    {
        var buffer = new char[length];
        var read = 0;
        while (read < length && await reader.ReadAsync(buffer.AsMemory(read), cancellationToken) is > 0 and var count)
        {
            read += count;
        }

        return new string(buffer, 0, read);
    }
}
