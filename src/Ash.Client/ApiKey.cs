namespace Ash.Client;

/// <summary>An API key as listed: never the key itself.</summary>
/// <param name="Id">Identifier, used to revoke the key.</param>
/// <param name="Label">What the key is for, as given when it was made.</param>
/// <param name="KeyPrefix">What the server shows of the key: its first characters, or only dots.</param>
/// <param name="CreatedAt">When the key was made.</param>
public sealed record ApiKey(string Id, string Label, string KeyPrefix, DateTimeOffset? CreatedAt);
