using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ash.Sandbox.Sockets;
using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.Egress;

/// <summary>
/// One sandbox's egress proxy: an HTTP proxy on a Unix socket only that sandbox has (reached through
/// socat on a loopback port, like the model proxy). It takes <c>CONNECT host:port</c> for HTTPS and
/// absolute-URI requests for plain HTTP, lets through only what the agent's <see cref="EgressPolicy"/>
/// allows, and connects to exactly the addresses it checked. One request per connection: a plain-HTTP
/// request is forwarded with <c>Connection: close</c>, then both directions are relayed as bytes.
/// </summary>
internal sealed class EgressProxyListener : IAsyncDisposable
{
    private const int RelayBufferBytes = 16 * 1024;

    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer", "upgrade",
    };

    private readonly SandboxSocketServer _server;
    private readonly string _sandboxId;
    private readonly EgressGate _gate;
    private readonly EgressProxyLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _open;
    private int _tunnels;

    private readonly EgressMetrics? _metrics;

    private EgressProxyListener(string socketPath, int uid, string sandboxId, EgressGate gate, EgressProxyLimits limits, TimeProvider time, ILogger logger, EgressMetrics? metrics)
    {
        _metrics = metrics;
        _sandboxId = sandboxId;
        _gate = gate;
        _limits = limits;
        _time = time;
        _logger = logger;
        _server = SandboxSocketServer.Start(socketPath, uid, HandleAsync, time, logger);
    }

    /// <summary>Listens on <paramref name="socketPath"/>, a socket only <paramref name="uid"/> (and root) may connect to.</summary>
    public static EgressProxyListener Start(
        string socketPath, int uid, string sandboxId, EgressPolicy policy, ILogger logger, EgressProxyLimits? limits = null, TimeProvider? timeProvider = null, EgressMetrics? metrics = null) =>
        Start(socketPath, uid, sandboxId, policy, logger, limits ?? new EgressProxyLimits(), timeProvider ?? TimeProvider.System, EgressGate.SystemResolver, metrics);

    internal static EgressProxyListener Start(
        string socketPath, int uid, string sandboxId, EgressPolicy policy, ILogger logger, EgressProxyLimits limits, TimeProvider timeProvider, HostResolver resolver, EgressMetrics? metrics = null)
        => new(socketPath, uid, sandboxId, new EgressGate(policy, resolver), limits, timeProvider, logger, metrics);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(Socket client)
    {
        if (Interlocked.Increment(ref _open) > _limits.MaxConnections)
        {
            Interlocked.Decrement(ref _open);
            EgressLog.LimitReached(_logger, _sandboxId, "the connection limit");
            client.Dispose();
            return;
        }

        var head = ArrayPool<byte>.Shared.Rent(_limits.MaxHeadBytes);
        try
        {
            using (client)
            {
                await ServeAsync(client, head);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            EgressLog.ConnectionEnded(_logger, _sandboxId, exception);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
            Interlocked.Decrement(ref _open);
        }
    }

    private async Task ServeAsync(Socket client, byte[] buffer)
    {
        var cancellationToken = _server.Stopping;
        var (headLength, received, outcome) = await ReadHeadAsync(client, buffer);
        switch (outcome)
        {
            case HeadOutcome.Closed:
                return;
            case HeadOutcome.TooLarge:
                EgressLog.Refused(_logger, _sandboxId, "request head too large");
                await RespondAsync(client, 431, $"the request head is larger than {_limits.MaxHeadBytes} bytes", cancellationToken);
                return;
            case HeadOutcome.TimedOut:
                EgressLog.Refused(_logger, _sandboxId, "request head not received in time");
                await RespondAsync(client, 408, "the request head did not arrive in time", cancellationToken);
                return;
        }

        if (EgressRequest.Parse(buffer.AsSpan(0, headLength), out var problem) is not { } request)
        {
            EgressLog.Refused(_logger, _sandboxId, problem);
            await RespondAsync(client, 400, problem, cancellationToken);
            return;
        }

        if (Interlocked.Increment(ref _tunnels) > _limits.MaxTunnels)
        {
            Interlocked.Decrement(ref _tunnels);
            EgressLog.LimitReached(_logger, _sandboxId, "the tunnel limit");
            await RespondAsync(client, 503, $"this sandbox already has {_limits.MaxTunnels} open egress connections", cancellationToken);
            return;
        }

        try
        {
            using var upstream = await OpenAsync(client, request, cancellationToken);
            if (upstream is null)
            {
                return;
            }

            var greeting = request.IsConnect ? "HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray() : ForwardedHead(request);
            await SendAllAsync(request.IsConnect ? client : upstream, greeting, cancellationToken);

            // Bytes the client sent after the head (a request body, or an eager TLS hello) go first.
            var early = headLength + 4;
            if (received > early)
            {
                await SendAllAsync(upstream, buffer.AsMemory(early, received - early), cancellationToken);
            }

            var (bytesOut, bytesIn) = await RelayAsync(client, upstream);
            EgressLog.Closed(_logger, _sandboxId, request.Target, bytesOut, bytesIn);
        }
        finally
        {
            Interlocked.Decrement(ref _tunnels);
        }
    }

    /// <summary>Decides and connects; on refusal answers the client and returns null.</summary>
    private async Task<Socket?> OpenAsync(Socket client, EgressRequest request, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(_limits.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var decision = await _gate.DecideAsync(request, linked.Token);
            _metrics?.Decided(decision.IsAllowed);
            if (!decision.IsAllowed)
            {
                EgressLog.Denied(_logger, _sandboxId, request.Method, request.Target, decision.Reason);
                await RespondAsync(client, decision.Status, decision.Reason, cancellationToken);
                return null;
            }

            var failure = string.Empty;
            foreach (var address in decision.Addresses)
            {
                var upstream = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await upstream.ConnectAsync(new IPEndPoint(address, request.Port), linked.Token);
                    EgressLog.Allowed(_logger, _sandboxId, request.Method, request.Target, address.ToString());
                    return upstream;
                }
                catch (SocketException exception)
                {
                    upstream.Dispose();
                    failure = $"{address}: {exception.SocketErrorCode}";
                }
                catch
                {
                    upstream.Dispose();
                    throw;
                }
            }

            EgressLog.Unreachable(_logger, _sandboxId, request.Target, failure);
            await RespondAsync(client, 502, $"cannot connect to {request.Target} ({failure})", cancellationToken);
            return null;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            EgressLog.Unreachable(_logger, _sandboxId, request.Target, "timed out");
            await RespondAsync(client, 504, $"resolving or connecting to {request.Target} timed out", cancellationToken);
            return null;
        }
    }

    private async Task<(int HeadLength, int Received, HeadOutcome Outcome)> ReadHeadAsync(Socket client, byte[] buffer)
    {
        using var deadline = new CancellationTokenSource(_limits.HeadTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_server.Stopping, deadline.Token);
        var received = 0;
        while (true)
        {
            var end = buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (end, received, HeadOutcome.Complete);
            }

            if (received >= _limits.MaxHeadBytes)
            {
                return (0, received, HeadOutcome.TooLarge);
            }

            int read;
            try
            {
                read = await client.ReceiveAsync(buffer.AsMemory(received, _limits.MaxHeadBytes - received), SocketFlags.None, linked.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !_server.Stopping.IsCancellationRequested)
            {
                return (0, received, HeadOutcome.TimedOut);
            }

            if (read == 0)
            {
                return (0, received, HeadOutcome.Closed);
            }

            received += read;
        }
    }

    /// <summary>Copies both ways until both sides have finished sending, an error, or no traffic for the idle timeout.</summary>
    private async Task<(long Out, long In)> RelayAsync(Socket client, Socket upstream)
    {
        using var idle = new CancellationTokenSource(_limits.IdleTimeout, _time);
        using var relay = CancellationTokenSource.CreateLinkedTokenSource(_server.Stopping, idle.Token);
        var outbound = PumpAsync(client, upstream, idle, relay);
        var inbound = PumpAsync(upstream, client, idle, relay);
        return (await outbound, await inbound);
    }

    private async Task<long> PumpAsync(Socket from, Socket to, CancellationTokenSource idle, CancellationTokenSource relay)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(RelayBufferBytes);
        long total = 0;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, relay.Token);
                if (read == 0)
                {
                    // Half-close: the other side may still be answering.
                    to.Shutdown(SocketShutdown.Send);
                    return total;
                }

                idle.CancelAfter(_limits.IdleTimeout);
                await SendAllAsync(to, buffer.AsMemory(0, read), relay.Token);
                total += read;
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A reset, the idle timeout or shutdown: end the other direction too.
            await relay.CancelAsync();
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] ForwardedHead(EgressRequest request)
    {
        var dropped = new HashSet<string>(HopByHopHeaders, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, "connection", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var token in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    dropped.Add(token);
                }
            }
        }

        // RFC 9112 §3.2.2: a proxy replaces Host with the authority of the absolute URI.
        var host = request.Literal is { AddressFamily: AddressFamily.InterNetworkV6 } ? $"[{request.Host}]" : request.Host;
        var head = new StringBuilder();
        head.Append(request.Method).Append(' ').Append(request.PathAndQuery).Append(' ').Append(request.Version).Append("\r\n");
        head.Append("Host: ").Append(host);
        if (request.Port != 80)
        {
            head.Append(':').Append(request.Port);
        }

        head.Append("\r\n");
        foreach (var (name, value) in request.Headers)
        {
            if (!dropped.Contains(name))
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        head.Append("Connection: close\r\n\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }

    private static async Task RespondAsync(Socket client, int status, string reason, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($"Ash egress proxy: {reason}\n");
        var head = $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await SendAllAsync(client, Encoding.ASCII.GetBytes(head), cancellationToken);
        await SendAllAsync(client, body, cancellationToken);
        client.Shutdown(SocketShutdown.Send);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        403 => "Forbidden",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    };

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (data.Length > 0)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken);
            data = data[sent..];
        }
    }

    private enum HeadOutcome
    {
        Complete,
        TooLarge,
        TimedOut,
        Closed,
    }
}
