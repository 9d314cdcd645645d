using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Ash.Core.Secrets;
using Microsoft.AspNetCore.DataProtection;

namespace Ash.Server.Secrets;

/// <summary>Seals secrets with ASP.NET Core Data Protection (authenticated encryption under the key ring of <see cref="SecretsOptions"/>).</summary>
internal sealed class DataProtectionSecrets(IDataProtectionProvider provider) : ISecretProtector
{
    /// <summary>The purpose string isolates these payloads from any other use of the same key ring.</summary>
    private readonly IDataProtector _protector = provider.CreateProtector("Ash.Secrets.v1");

    public string Seal(string plaintext) => _protector.Protect(plaintext);

    public bool TryOpen(string sealedText, [NotNullWhen(true)] out string? plaintext)
    {
        try
        {
            plaintext = _protector.Unprotect(sealedText);
            return true;
        }
        catch (CryptographicException)
        {
            // The key it was sealed with is not in the ring (lost or replaced), or the payload was altered.
            plaintext = null;
            return false;
        }
    }
}
