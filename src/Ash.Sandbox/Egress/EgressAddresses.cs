using System.Net;
using System.Net.Sockets;

namespace Ash.Sandbox.Egress;

/// <summary>
/// Which resolved addresses a host name may lead to. Only globally routable unicast: not this host
/// (loopback, 0.0.0.0/8, ::), not the local network (RFC 1918, CGNAT 100.64/10, fc00::/7), not
/// link-local (169.254/16 with the cloud metadata endpoint 169.254.169.254, fe80::/10), not multicast
/// or reserved, nor the rest of the IANA special-purpose registries (RFC 6890). IPv6 forms that carry
/// an IPv4 address (mapped, NAT64, 6to4) are judged by that address.
/// </summary>
internal static class EgressAddresses
{
    private static readonly (byte[] Prefix, int Bits)[] BlockedV4 =
    [
        ([0, 0, 0, 0], 8),          // "this network"
        ([10, 0, 0, 0], 8),         // RFC 1918
        ([100, 64, 0, 0], 10),      // CGNAT, RFC 6598
        ([127, 0, 0, 0], 8),        // loopback
        ([169, 254, 0, 0], 16),     // link-local, cloud metadata
        ([172, 16, 0, 0], 12),      // RFC 1918
        ([192, 0, 0, 0], 24),       // IETF protocol assignments
        ([192, 0, 2, 0], 24),       // TEST-NET-1
        ([192, 88, 99, 0], 24),     // 6to4 relay anycast
        ([192, 168, 0, 0], 16),     // RFC 1918
        ([198, 18, 0, 0], 15),      // benchmarking
        ([198, 51, 100, 0], 24),    // TEST-NET-2
        ([203, 0, 113, 0], 24),     // TEST-NET-3
        ([224, 0, 0, 0], 4),        // multicast
        ([240, 0, 0, 0], 4),        // reserved, broadcast
    ];

    private static readonly (byte[] Prefix, int Bits)[] BlockedV6 =
    [
        (new byte[16], 96),                                      // ::, ::1 and IPv4-compatible ::/96
        ([0, 0x64, 0xff, 0x9b, 0, 1], 48),                       // local-use NAT64, RFC 8215
        ([0x01, 0x00, 0, 0, 0, 0, 0, 0], 64),                    // discard-only, RFC 6666
        ([0x20, 0x01, 0x0d, 0xb8], 32),                          // documentation
        ([0xfc], 7),                                             // unique local
        ([0xfe, 0x80], 10),                                      // link-local
        ([0xfe, 0xc0], 10),                                      // deprecated site-local
        ([0xff], 8),                                             // multicast
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !InAny(address.GetAddressBytes(), BlockedV4);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }

        // NAT64 (64:ff9b::/96) carries the IPv4 address in the last 32 bits, 6to4 (2002::/16) in bits 16–47.
        if (InPrefix(bytes, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96))
        {
            return IsPublic(new IPAddress(bytes.AsSpan(12, 4)));
        }

        if (InPrefix(bytes, [0x20, 0x02], 16))
        {
            return IsPublic(new IPAddress(bytes.AsSpan(2, 4)));
        }

        return !InAny(bytes, BlockedV6);
    }

    private static bool InAny(byte[] address, (byte[] Prefix, int Bits)[] ranges)
    {
        foreach (var (prefix, bits) in ranges)
        {
            if (InPrefix(address, prefix, bits))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InPrefix(byte[] address, byte[] prefix, int bits)
    {
        var whole = bits / 8;
        for (var i = 0; i < whole; i++)
        {
            if (address[i] != (i < prefix.Length ? prefix[i] : 0))
            {
                return false;
            }
        }

        var rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xff << (8 - rest));
        var expected = whole < prefix.Length ? prefix[whole] : (byte)0;
        return (address[whole] & mask) == (expected & mask);
    }
}
