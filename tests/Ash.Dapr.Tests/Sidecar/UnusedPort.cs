using System.Net;
using System.Net.Sockets;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>A loopback port nothing listens on (for an app that is not up yet, or never will be).</summary>
internal static class UnusedPort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
