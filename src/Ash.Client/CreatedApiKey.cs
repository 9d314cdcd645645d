namespace Ash.Client;

/// <summary>A new API key. <see cref="Key"/> is shown this once; the server keeps only its hash.</summary>
/// <param name="Id">Identifier, used to revoke the key.</param>
/// <param name="Key">The key itself, to send as <c>Authorization: Bearer</c>.</param>
/// <param name="Label">The key's label (absent from Ash's own answer).</param>
/// <param name="KeyPrefix">What listings will show of the key (absent from Ash's own answer).</param>
/// <param name="CreatedAt">When the key was made (absent from Ash's own answer).</param>
public sealed record CreatedApiKey(string Id, string Key, string? Label = null, string? KeyPrefix = null, DateTimeOffset? CreatedAt = null);
