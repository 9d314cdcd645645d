using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Ash.Sandbox.ModelProxy.Bedrock;
using Ash.Sandbox.Sockets;
using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// One sandbox's door to the model: a Unix socket only that sandbox has (bound into it and reached
/// through socat on a loopback port). Each request must carry the sandbox's opaque token; the proxy
/// swaps it for the real credential, which never enters the sandbox, and streams the upstream's
/// answer back. One request per connection (answers are close-delimited).
/// </summary>
/// <remarks>
/// Since the real key rides on whatever passes, the proxy lets through only what an agent needs and
/// costs the server a fixed amount whatever the agent sends (issue 12, point 7): the canonical form of
/// the target must be an allowed route (<see cref="ModelRoutes"/>), the body is streamed to the upstream
/// under a size cap, never buffered, the head must arrive in time, and a sandbox has a bounded number of
/// connections. Every refusal is answered in the Anthropic error shape and logged once.
/// </remarks>
internal sealed class ModelProxyListener : IAsyncDisposable
{
    /// <summary>How much of a body, either way, is in flight through the proxy at a time.</summary>
    private const int BufferBytes = 16 * 1024;

    /// <summary>
    /// After a refusal the rest of the request is read and thrown away for this long (the answer is already
    /// sent): a connection closed with unread data is reset, and a reset can reach the client before the
    /// answer does, so a client still sending its body would see "connection reset" instead of our 413.
    /// </summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Where drained bytes go: shared by every connection, since nothing ever reads it.</summary>
    private static readonly byte[] Discard = new byte[16 * 1024];

    private static readonly HashSet<string> DroppedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "x-api-key", "authorization", "connection", "keep-alive", "proxy-connection", "proxy-authorization", "transfer-encoding",
        "content-length", "te", "trailer", "upgrade", "expect",

        // Without it the upstream answers uncompressed, so the proxy can read the usage in the answer (issue 13).
        "accept-encoding",

        // The upstream call joins the proxy's own trace (issue 14); an agent does not choose the trace it joins.
        "traceparent", "tracestate", "baggage", "request-id", "correlation-context",
    };

    private static readonly HashSet<string> DroppedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "transfer-encoding", "content-length", "trailer", "upgrade",
    };

    private readonly SandboxSocketServer _server;
    private readonly string _sandboxId;
    private readonly byte[] _token;
    private readonly SandboxUpstream _upstream;
    private readonly SandboxUsage? _usage;
    private readonly SandboxBudget? _budget;
    private readonly HttpClient _http;
    private readonly ModelProxyLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ModelProxyMetrics? _metrics;
    private readonly ProxyOwner? _owner;
    private readonly Lock _writerLock = new();
    private ActivityContext _writer;
    private int _open;

    private ModelProxyListener(
        string socketPath, int uid, string sandboxId, string token, SandboxUpstream upstream, SandboxUsage? usage, SandboxBudget? budget, HttpClient http, ModelProxyLimits limits, TimeProvider time, ILogger logger, ModelProxyMetrics? metrics, ProxyOwner? owner)
    {
        _owner = owner;

        // Until a line is written to it, what the agent asks at its start belongs to whatever started the sandbox.
        _writer = Activity.Current?.Context ?? default;
        _usage = usage;
        _budget = budget;
        _metrics = metrics;
        _sandboxId = sandboxId;
        _token = Encoding.UTF8.GetBytes(token);
        _upstream = upstream;
        _http = http;
        _limits = limits;
        _time = time;
        _logger = logger;
        _server = SandboxSocketServer.Start(socketPath, uid, HandleAsync, time, logger);
    }

    public static ModelProxyListener Start(
        string socketPath, int uid, string sandboxId, string token, SandboxUpstream upstream, SandboxUsage? usage, SandboxBudget? budget, HttpClient http, ModelProxyLimits limits, TimeProvider time, ILogger logger, ModelProxyMetrics? metrics = null, ProxyOwner? owner = null) =>
        new(socketPath, uid, sandboxId, token, upstream, usage, budget, http, limits, time, logger, metrics, owner);

    /// <summary>Connections being served now (those refused over the cap are not counted).</summary>
    internal int OpenConnections => Volatile.Read(ref _open);

    /// <summary>
    /// A line was written to the agent from within <paramref name="writer"/> (the turn, or the call that carried the
    /// line to this node): the spans of the requests the agent makes from now on are its children.
    /// </summary>
    internal void AgentAnswers(ActivityContext writer)
    {
        lock (_writerLock)
        {
            _writer = writer;
        }
    }

    private ActivityContext Writer()
    {
        lock (_writerLock)
        {
            return _writer;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(Socket connection)
    {
        // A connection is the agent's request, not part of whatever started the sandbox (the accept loop inherited that).
        Activity.Current = null;
        using (connection)
        {
            var admitted = Interlocked.Increment(ref _open) <= _limits.MaxConnections;
            if (!admitted)
            {
                // Refused without reading a byte: the refusal costs no buffer, and the slot count stays honest.
                Interlocked.Decrement(ref _open);
            }

            try
            {
                if (admitted)
                {
                    await ServeAsync(connection);
                }
                else
                {
                    await RefuseAsync(connection, ProxyRefusal.TooManyConnections(_limits.MaxConnections), "-", "-");
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
                // The agent or the upstream went away mid-answer, or the sandbox is stopping.
                ModelProxyLog.ConnectionEnded(_logger, _sandboxId, exception);
            }
            finally
            {
                if (admitted)
                {
                    Interlocked.Decrement(ref _open);
                }
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var reader = new BufferedSocketReader(client);
        byte[]? headBytes;
        bool tooLarge;
        using (var deadline = new CancellationTokenSource(_limits.HeadTimeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(_server.Stopping, deadline.Token))
        {
            try
            {
                (headBytes, tooLarge) = await reader.ReadHeadAsync(linked.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !_server.Stopping.IsCancellationRequested)
            {
                var seconds = _limits.HeadTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture);
                await RefuseAsync(client, ProxyRefusal.TimedOut($"the request head did not arrive within {seconds} s"), "-", "-");
                return;
            }
        }

        if (headBytes is null)
        {
            if (tooLarge)
            {
                await RefuseAsync(client, ProxyRefusal.Malformed($"the request head is larger than {ModelProxyLimits.MaxHeadBytes} bytes"), "-", "-");
            }

            return;
        }

        if (ProxyRequestHead.Parse(headBytes) is not { } head)
        {
            await RefuseAsync(client, ProxyRefusal.Malformed("malformed request"), "-", "-");
            return;
        }

        var target = ProxyTarget.Normalise(head.Target, out var targetProblem);
        if (!HasValidToken(head))
        {
            await RefuseAsync(client, ProxyRefusal.BadToken, head.Method, target?.Path ?? "-");
            return;
        }

        // From here the request is the sandbox's own: it is traced, refusals included.
        using var span = ModelProxyTracing.StartRequest(Writer(), _owner, head.Method, target?.Path ?? "-");
        if (target is null)
        {
            await RefuseAsync(client, ProxyRefusal.Malformed(targetProblem), head.Method, "-");
            return;
        }

        if (ModelRoutes.Match(head.Method, target, out var forbidden) is not { } call)
        {
            await RefuseAsync(client, ProxyRefusal.Forbidden(forbidden!), head.Method, target.Path);
            return;
        }

        if (BodyFraming.From(head, _limits.MaxRequestBodyBytes, out var framingRefusal) is not { } framing)
        {
            await RefuseAsync(client, framingRefusal!, head.Method, target.Path);
            return;
        }

        if (framing.HasBody && string.Equals(head.Header("expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await SendAllAsync(client, "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), _server.Stopping);
        }

        await ForwardAsync(client, reader, head, target, call, framing);
    }

    private bool HasValidToken(ProxyRequestHead head)
    {
        var presented = head.Header("x-api-key");
        if (presented is null && head.Header("authorization") is { } authorization && authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            presented = authorization["Bearer ".Length..];
        }

        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);
    }

    private async Task ForwardAsync(Socket client, BufferedSocketReader reader, ProxyRequestHead head, ProxyTarget target, ModelCall call, BodyFraming framing)
    {
        var cancellationToken = _server.Stopping;

        // Only model calls are billed; counting tokens costs nothing and is never refused for a budget.
        if (_budget is not null && call.Billed)
        {
            ProxyRefusal? overBudget;
            try
            {
                overBudget = await _budget.CheckAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The budgets could not be read (the database restarting): a 5xx the CLI retries.
                ModelProxyLog.UpstreamFailed(_logger, _sandboxId, exception);
                overBudget = ProxyRefusal.BudgetLookupFailed;
            }

            if (overBudget is not null)
            {
                await RefuseAsync(client, overBudget, head.Method, target.Path);
                return;
            }
        }

        var started = _time.GetTimestamp();
        UpstreamChoice choice;
        try
        {
            choice = await _upstream.ChooseAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The credential store could not be read (the database restarting): a 5xx the CLI retries.
            ModelProxyLog.UpstreamFailed(_logger, _sandboxId, exception);
            await RefuseAsync(client, ProxyRefusal.CredentialLookupFailed, head.Method, target.Path);
            return;
        }

        if (choice.Refusal is { } unavailable)
        {
            await RefuseAsync(client, unavailable, head.Method, target.Path);
            return;
        }

        // Each family of routes only for the sessions whose credential speaks it: Bedrock's calls would carry no key
        // the Messages API takes, and the reverse.
        if ((call.Bedrock is null) != (choice.Bedrock is null))
        {
            var mismatch = call.Bedrock is null
                ? "this session uses a bedrock credential: its model calls go to Bedrock's routes (/model/{id}/invoke-with-response-stream)"
                : $"{target.Path} is a Bedrock route, for sessions created with a bedrock credential only";
            await RefuseAsync(client, ProxyRefusal.Forbidden(mismatch), head.Method, target.Path);
            return;
        }

        using var body = framing.HasBody ? new RequestBodyStream(reader, framing, _limits.MaxRequestBodyBytes, _limits.BodyIdleTimeout, _time) : null;
        HttpRequestMessage request;
        try
        {
            // A Bedrock request reads the whole body here (it is signed); the Messages API's streams it as it is sent.
            request = choice.Bedrock is { } bedrock
                ? await BedrockRequest.CreateAsync(bedrock, call.Bedrock!, head, body, _time.GetUtcNow(), cancellationToken)
                : AnthropicRequest(head, target, choice, body, framing);
        }
        catch (IOException exception) when (!cancellationToken.IsCancellationRequested)
        {
            await AnswerFailedSendAsync(client, exception, body, head, target, watch: null, upstream: null);
            return;
        }

        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await (choice.TenantClient ?? _http).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                choice.Watch?.Answered((int)response.StatusCode, _time.GetUtcNow());
            }
            catch (HttpRequestException exception) when (exception.InnerException is TenantEndpointRefusedException refused)
            {
                await RefuseAsync(client, ProxyRefusal.Forbidden(refused.Message), head.Method, target.Path);
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                await AnswerFailedSendAsync(client, exception, body, head, target, choice.Watch, request.RequestUri);
                return;
            }

            await RelayAsync(client, response, call, started, cancellationToken);
        }
    }

    /// <summary>Answers a request that could not be sent: the agent's body was the problem, or the upstream was unreachable.</summary>
    /// <param name="watch">Told when the upstream could not be reached (null: the request never left).</param>
    /// <param name="upstream">Where the request went, named in the error (null: it never left).</param>
    private async Task AnswerFailedSendAsync(Socket client, Exception exception, RequestBodyStream? body, ProxyRequestHead head, ProxyTarget target, UpstreamWatch? watch, Uri? upstream)
    {
        switch (body?.Problem ?? BodyProblem.None)
        {
            case BodyProblem.TooLarge:
                await RefuseAsync(client, ProxyRefusal.TooLarge(_limits.MaxRequestBodyBytes), head.Method, target.Path);
                return;
            case BodyProblem.Malformed:
                await RefuseAsync(client, ProxyRefusal.Malformed("the chunked request body is malformed"), head.Method, target.Path);
                return;
            case BodyProblem.Stalled:
                var seconds = _limits.BodyIdleTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture);
                await RefuseAsync(client, ProxyRefusal.TimedOut($"the request body sent nothing for {seconds} s"), head.Method, target.Path);
                return;
            case BodyProblem.EndedEarly:
                ModelProxyLog.ConnectionEnded(_logger, _sandboxId, exception);
                return;
            default:
                watch?.Unreachable(_time.GetUtcNow());
                ModelProxyLog.UpstreamFailed(_logger, _sandboxId, exception);
                await RefuseAsync(client, ProxyRefusal.UpstreamUnreachable(upstream, exception), head.Method, target.Path);
                return;
        }
    }

    /// <summary>Streams the upstream's answer to the agent as it arrives, reading its usage on the way.</summary>
    /// <param name="started">When the request reached the proxy (<see cref="TimeProvider.GetTimestamp"/>), for the latency metric.</param>
    private async Task RelayAsync(Socket client, HttpResponseMessage response, ModelCall call, long started, CancellationToken cancellationToken)
    {
        using (response)
        {
            await SendAllAsync(client, ResponseHead(response), cancellationToken);
            await using var upstreamBody = await response.Content.ReadAsStreamAsync(cancellationToken);
            var meter = _usage is not null && response.IsSuccessStatusCode && call.Billed
                ? UsageMeter.For(response.Content.Headers.ContentType?.MediaType, encoded: response.Content.Headers.ContentEncoding.Count > 0, call.Bedrock?.ModelId)
                : null;
            var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
            MeteredUsage? used = null;
            try
            {
                int read;
                while ((read = await upstreamBody.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    meter?.Feed(buffer.AsSpan(0, read));

                    // Written as it arrives: the model's SSE must not be held back.
                    await SendAllAsync(client, buffer.AsMemory(0, read), cancellationToken);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);

                // Also when the agent or the upstream went away mid-answer: what the upstream reported is billed.
                used = meter?.Complete();
                _metrics?.RequestFinished(used?.Model, (int)response.StatusCode, _time.GetElapsedTime(started));
                ModelProxyTracing.Answered(Activity.Current, (int)response.StatusCode, used);
                if (used is { } reported)
                {
                    await _usage!.RecordAsync(reported, CancellationToken.None);
                }
            }
        }
    }

    /// <summary>The Messages API request: the canonical target on the chosen upstream, the agent's end-to-end headers, the real key.</summary>
    private static HttpRequestMessage AnthropicRequest(ProxyRequestHead head, ProxyTarget target, UpstreamChoice choice, RequestBodyStream? body, BodyFraming framing)
    {
        // Only the canonical target goes upstream, never the agent's spelling of it.
        var request = new HttpRequestMessage(new HttpMethod(head.Method), choice.BaseUrl!.ToString().TrimEnd('/') + target.PathAndQuery);
        request.Content = body is null ? new ByteArrayContent([]) : new RequestBodyContent(body, framing.Length, BufferBytes);

        var hopByHop = HopByHopHeaders(head);
        foreach (var (name, value) in head.Headers)
        {
            if (DroppedRequestHeaders.Contains(name) || hopByHop.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("x-api-key", choice.ApiKey);
        return request;
    }

    /// <summary>Headers the agent named in its Connection header are hop-by-hop too (RFC 9110 §7.6.1).</summary>
    private static HashSet<string> HopByHopHeaders(ProxyRequestHead head)
    {
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in head.Headers)
        {
            if (string.Equals(name, "connection", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var token in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    named.Add(token);
                }
            }
        }

        return named;
    }

    private static byte[] ResponseHead(HttpResponseMessage response)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase ?? "Status"}\r\n");
        AppendHeaders(head, response.Headers);
        AppendHeaders(head, response.Content.Headers);
        head.Append("Connection: close\r\n\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }

    private static void AppendHeaders(StringBuilder builder, HttpHeaders headers)
    {
        foreach (var (name, values) in headers)
        {
            if (DroppedResponseHeaders.Contains(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                builder.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }
    }

    /// <summary>Answers the agent itself, logs it once (never with the token or the key), and reads what the agent still sends.</summary>
    private async Task RefuseAsync(Socket client, ProxyRefusal refusal, string method, string path)
    {
        ModelProxyLog.Refused(_logger, _sandboxId, method, path, refusal.Status, refusal.Message);
        _metrics?.Refused(refusal.Status);
        ModelProxyTracing.Refused(Activity.Current, refusal.Status);
        await SendAllAsync(client, refusal.ToResponse(), _server.Stopping);
        client.Shutdown(SocketShutdown.Send);

        using var deadline = new CancellationTokenSource(DrainTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_server.Stopping, deadline.Token);
        try
        {
            while (await client.ReceiveAsync(Discard, SocketFlags.None, linked.Token) > 0)
            {
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
            // The deadline, a reset or shutdown: the answer is sent, nothing more is owed.
        }
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (data.Length > 0)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken);
            data = data[sent..];
        }
    }
}
