using System.Net;
using System.Net.Sockets;

namespace Ash.Server.Hosting;

/// <summary>
/// Whether the server can listen where it is to (another program may hold the port, the host may not be an
/// address of this machine): checked before start-up, so that either fails the start with one sentence
/// instead of Kestrel's stack trace after the database and keys were set up (issue 15). Program also catches Kestrel's own failure, for a port taken in between.
/// </summary>
internal static class ListenAddress
{
    /// <summary>Why the server cannot listen on <paramref name="host"/>:<paramref name="port"/>, or null when it can (port 0, any free one, checks the address alone).</summary>
    public static string? Problem(string host, int port)
    {
        if (!IPAddress.TryParse(host, out var address))
        {
            return $"the host '{host}' (--host, ASH_HOST) is not an IP address of this machine, such as 127.0.0.1 or 0.0.0.0";
        }

        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);

        // As Kestrel binds on Linux, so that connections of an earlier server in TIME_WAIT do not count.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return null;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return InUse(host, port);
        }
        catch (SocketException exception)
        {
            // An address this machine does not have, a port below 1024 without the right, …: Kestrel would fail the same way, with a stack trace.
            return $"{host}:{port}: {exception.Message} (--host, --port)";
        }
    }

    public static string InUse(string host, int port) =>
        $"port {port} on {host} is in use by another program: stop it, or choose another port with --port or ASH_PORT";
}
