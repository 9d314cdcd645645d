using System.Net.Sockets;
using System.Text;

namespace Ash.Sandbox.Tests.Egress;

/// <summary>The agent's side of the egress socket: raw bytes, so tests control exactly what is sent.</summary>
internal sealed class ProxyClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly List<byte> _pending = [];

    private ProxyClient()
    {
    }

    public static async Task<ProxyClient> ConnectAsync(string socketPath)
    {
        var client = new ProxyClient();
        await client._socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath)).WaitAsync(Timeout);
        return client;
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None).AsTask().WaitAsync(Timeout);
        }
    }

    /// <summary>The status line and headers of the proxy's (or the destination's) answer.</summary>
    public async Task<string> ReadHeadAsync()
    {
        while (true)
        {
            var text = Encoding.Latin1.GetString(_pending.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.RemoveRange(0, end + 4);
                return text[..end];
            }

            if (!await ReceiveAsync())
            {
                throw new EndOfStreamException($"connection closed after: {text}");
            }
        }
    }

    public async Task<string> ReadExactlyAsync(int length)
    {
        while (_pending.Count < length)
        {
            if (!await ReceiveAsync())
            {
                throw new EndOfStreamException();
            }
        }

        var text = Encoding.Latin1.GetString(_pending.GetRange(0, length).ToArray());
        _pending.RemoveRange(0, length);
        return text;
    }

    /// <summary>Everything until the other side closes (a reset after the data counts as closing).</summary>
    public async Task<string> ReadToEndAsync()
    {
        while (await ReceiveAsync())
        {
        }

        var text = Encoding.Latin1.GetString(_pending.ToArray());
        _pending.Clear();
        return text;
    }

    public void Dispose() => _socket.Dispose();

    private async Task<bool> ReceiveAsync()
    {
        var buffer = new byte[4096];
        int read;
        try
        {
            read = await _socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Timeout);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
        {
            return false;
        }

        _pending.AddRange(buffer.AsSpan(0, read));
        return read > 0;
    }
}
