using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ash.Testing.Ports;

/// <summary>
/// A free loopback port for a server started after it is chosen (often seconds later: a replica that joins, a restart
/// after kill -9, `ash start`), or for a URL that nothing may answer. It comes from below the kernel's ephemeral range,
/// which the kernel never hands out as the local end of an outgoing connection nor to a bind on port 0, and never
/// twice from this process.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var below = int.Parse(range[0], CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(10_000, below);
            lock (HandedOut)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"no free port between 10000 and {below}");
    }
}
