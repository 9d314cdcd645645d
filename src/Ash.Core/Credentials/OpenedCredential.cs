namespace Ash.Core.Credentials;

/// <summary>A credential's plaintext key and endpoint, held only for the one model request that uses it.</summary>
/// <param name="BaseUrl">The endpoint of a <c>custom</c> credential; null means the server's configured upstream.</param>
public sealed record OpenedCredential(Guid Id, string Type, string Key, Uri? BaseUrl);
