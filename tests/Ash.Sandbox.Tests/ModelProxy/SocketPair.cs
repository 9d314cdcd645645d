using System.Net.Sockets;
using System.Text;

namespace Ash.Sandbox.Tests.ModelProxy;

/// <summary>Two connected ends of a Unix stream socket: the agent's, and the proxy's side a reader is given.</summary>
internal sealed class SocketPair : IDisposable
{
    private readonly string _directory;

    private SocketPair(string directory, Socket agent, Socket proxy)
    {
        _directory = directory;
        Agent = agent;
        Proxy = proxy;
    }

    public Socket Agent { get; }

    public Socket Proxy { get; }

    public static async Task<SocketPair> CreateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("ash-pair-").FullName;
        var endpoint = new UnixDomainSocketEndPoint(Path.Combine(directory, "pair.sock"));
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(endpoint);
        listener.Listen(1);
        var agent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await agent.ConnectAsync(endpoint).WaitAsync(TimeSpan.FromSeconds(10));
        var proxy = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return new SocketPair(directory, agent, proxy);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await Agent.SendAsync(bytes.AsMemory(sent), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose()
    {
        Agent.Dispose();
        Proxy.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
