using System.Diagnostics.CodeAnalysis;

namespace Ash.Core.Secrets;

/// <summary>
/// Seals secrets for storage (model credentials, agent env values) with a key kept outside the database,
/// so a copy of the database alone reveals none of them (issue 13).
/// </summary>
public interface ISecretProtector
{
    string Seal(string plaintext);

    /// <summary>False when <paramref name="sealedText"/> cannot be opened: sealed under a key this server no longer has (a lost key ring), or tampered with.</summary>
    bool TryOpen(string sealedText, [NotNullWhen(true)] out string? plaintext);
}
