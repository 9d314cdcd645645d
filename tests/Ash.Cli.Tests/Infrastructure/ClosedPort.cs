using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ash.Testing.Ports;

namespace Ash.Cli.Tests.Infrastructure;

/// <summary>Loopback ports for servers that are not there, and ports something else holds.</summary>
public static class ClosedPort
{
    /// <summary>
    /// A loopback URL nothing listens on: a free port outside the kernel's ephemeral range, so that no server another
    /// test starts on port 0 (nor an outgoing connection) takes it meanwhile.
    /// </summary>
    public static Uri Url() => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}/"));

    /// <summary>A listener on a free loopback port that never answers: a port in use by "another program".</summary>
    public static TcpListener Hold()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }
}
