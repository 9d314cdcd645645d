using System.Net;
using System.Net.Sockets;

namespace Ash.Sandbox.Egress;

/// <summary>Name resolution, replaceable in tests.</summary>
internal delegate Task<IPAddress[]> HostResolver(string host, CancellationToken cancellationToken);

/// <summary>What the gate decided: the addresses to try, in order, or why not (status and a short reason).</summary>
internal sealed record EgressDecision(IReadOnlyList<IPAddress> Addresses, int Status, string Reason)
{
    public bool IsAllowed => Addresses.Count > 0;

    public static EgressDecision Allow(IReadOnlyList<IPAddress> addresses) => new(addresses, 200, string.Empty);

    public static EgressDecision Deny(int status, string reason) => new([], status, reason);
}

/// <summary>
/// Decides one request against the policy: the name (or IP literal) and port must be on the allowlist,
/// then every resolved address must be public unless an IP-literal entry names it. The caller
/// connects to exactly the addresses returned, never resolving again, so a DNS answer that changes
/// between check and connect (rebinding) cannot redirect it.
/// </summary>
internal sealed class EgressGate(EgressPolicy policy, HostResolver resolver)
{
    public static readonly HostResolver SystemResolver = Dns.GetHostAddressesAsync;

    public async Task<EgressDecision> DecideAsync(EgressRequest request, CancellationToken cancellationToken)
    {
        if (request.Literal is { } literal)
        {
            return policy.AllowsAddress(literal, request.Port)
                ? EgressDecision.Allow([literal])
                : EgressDecision.Deny(403, $"{request.Target} is not in this agent's egress allowlist");
        }

        if (!policy.AllowsName(request.Host, request.Port))
        {
            return EgressDecision.Deny(403, $"{request.Target} is not in this agent's egress allowlist");
        }

        IPAddress[] resolved;
        try
        {
            resolved = await resolver(request.Host, cancellationToken);
        }
        catch (SocketException exception)
        {
            return EgressDecision.Deny(502, $"{request.Host} does not resolve ({exception.SocketErrorCode})");
        }

        var usable = new List<IPAddress>(resolved.Length);
        var refused = new List<IPAddress>();
        foreach (var raw in resolved)
        {
            var address = raw.IsIPv4MappedToIPv6 ? raw.MapToIPv4() : raw;
            if (EgressAddresses.IsPublic(address) || policy.AllowsAddress(address, request.Port))
            {
                usable.Add(address);
            }
            else
            {
                refused.Add(address);
            }
        }

        if (usable.Count > 0)
        {
            return EgressDecision.Allow(usable);
        }

        return refused.Count > 0
            ? EgressDecision.Deny(403, $"{request.Host} resolves to a private, loopback or link-local address ({string.Join(", ", refused)}), which this agent's egress allowlist does not name")
            : EgressDecision.Deny(502, $"{request.Host} has no addresses");
    }
}
