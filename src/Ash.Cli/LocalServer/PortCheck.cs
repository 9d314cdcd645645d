using System.Net;
using System.Net.Sockets;

namespace Ash.Cli.LocalServer;

// Whether a server could listen on an address: asked before starting one, so that a taken port is one
// sentence from the CLI instead of the server's start-up failure.
internal static class PortCheck
{
    // Fails with ExitCodes.PortInUse when another program listens where the server is to.
    public static void EnsureFree(LocalServerSettings settings)
    {
        if (IsInUse(settings.Host, settings.Port))
        {
            throw new CliException(
                ExitCodes.PortInUse,
                $"port {settings.Port} on {settings.Host} is in use by another program",
                "Stop that program, or pick another port with --port or ASH_PORT.");
        }
    }

    private static bool IsInUse(IPAddress host, int port)
    {
        using var socket = new Socket(host.AddressFamily, SocketType.Stream, ProtocolType.Tcp);

        // As Kestrel binds on Linux: connections of an earlier server still in TIME_WAIT do not hold the port.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(host, port));
            socket.Listen();
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            return false; // Not one of this machine's addresses, say: the server's own start-up error says which.
        }
    }
}
