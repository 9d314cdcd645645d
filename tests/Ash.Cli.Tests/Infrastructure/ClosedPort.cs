using System.Net;
using System.Net.Sockets;

namespace Ash.Cli.Tests.Infrastructure;

/// <summary>Loopback ports for servers that are not there, and ports something else holds.</summary>
public static class ClosedPort
{
    /// <summary>A loopback URL nothing listens on: a port the kernel just handed out and took back.</summary>
    public static Uri Url()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>A listener on a free loopback port that never answers: a port in use by "another program".</summary>
    public static TcpListener Hold()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }
}
