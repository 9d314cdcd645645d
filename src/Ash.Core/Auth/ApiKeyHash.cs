using System.Security.Cryptography;
using System.Text;

namespace Ash.Core.Auth;

/// <summary>
/// API keys are 256-bit random tokens, so one SHA-256 is enough to store them safely: there is no
/// low-entropy secret for a slow hash to protect.
/// </summary>
public static class ApiKeyHash
{
    public const string Prefix = "ash_";

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToHexStringLower(bytes);
    }

    public static string Hash(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return Convert.ToHexStringLower(hash);
    }
}
