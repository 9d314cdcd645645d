using System.Diagnostics.CodeAnalysis;
using Ash.Core.Secrets;

namespace Ash.Core.Tests.Sessions.Fakes;

/// <summary>For agents with no env: nothing is ever sealed or opened.</summary>
public sealed class NoSecrets : ISecretProtector
{
    public string Seal(string plaintext) => throw new NotSupportedException("The test agent has no secrets");

    public bool TryOpen(string sealedText, [NotNullWhen(true)] out string? plaintext) =>
        throw new NotSupportedException("The test agent has no secrets");
}
