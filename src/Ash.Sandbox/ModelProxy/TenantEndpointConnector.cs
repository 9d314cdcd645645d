using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// The connect step of the HTTP client that carries requests to tenants' endpoints: it resolves the host itself and
/// connects only to public addresses (<see cref="TenantEndpoints.IsPublic"/>), unless the endpoint is one the operator
/// listed. Checking the addresses actually connected to, not the name, is what keeps DNS rebinding out.
/// </summary>
public sealed class TenantEndpointConnector(TenantEndpoints endpoints)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var target = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(target.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(target.Host, cancellationToken);
        var usable = endpoints.IsAllowListed(target.Host, target.Port) ? addresses : addresses.Where(TenantEndpoints.IsPublic).ToArray();
        if (usable.Length == 0)
        {
            throw new TenantEndpointRefusedException(
                $"the credential's endpoint {target.Host}:{target.Port} resolves only to loopback, private or link-local addresses, which this server's model proxy does not reach for tenants (an operator can allow it with Ash:Sandbox:ModelProxy:PrivateEndpoints)");
        }

        SocketException? last = null;
        foreach (var address in usable)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, target.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}

/// <summary>A tenant's endpoint the proxy will not connect to; the proxy answers the agent with its message.</summary>
public sealed class TenantEndpointRefusedException(string message) : Exception(message);
