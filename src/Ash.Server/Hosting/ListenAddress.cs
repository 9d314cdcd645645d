using System.Net;
using System.Net.Sockets;

namespace Ash.Server.Hosting;

/// <summary>
/// Whether another program already listens where the server is to: checked before start-up, so that a
/// taken port fails the start with one sentence instead of Kestrel's stack trace after the database and
/// keys were set up (issue 15). Program also catches Kestrel's own failure, for a port taken in between.
/// </summary>
internal static class ListenAddress
{
    /// <summary>Why the server cannot listen on <paramref name="host"/>:<paramref name="port"/>, or null when it can (or when the port is 0: any free one).</summary>
    public static string? Problem(string host, int port)
    {
        if (port == 0 || !IPAddress.TryParse(host, out var address))
        {
            return null;
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
    }

    public static string InUse(string host, int port) =>
        $"port {port} on {host} is in use by another program: stop it, or choose another port with --port or ASH_PORT";
}
