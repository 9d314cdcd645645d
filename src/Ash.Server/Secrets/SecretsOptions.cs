namespace Ash.Server.Secrets;

/// <summary>
/// Section <c>Ash:Secrets</c>. <see cref="KeysDirectory"/> holds the Data Protection key ring that seals
/// stored credentials and agent env values; it is kept out of the database on purpose, so back it up
/// separately. Every app of a Dapr deployment must share it (and the application name is fixed, so the
/// apps' different paths do not isolate their payloads from each other).
/// </summary>
public sealed class SecretsOptions
{
    /// <summary>Empty means <c>&lt;data&gt;/keys</c>; created with mode 0700.</summary>
    public string? KeysDirectory { get; set; }

    public string FullKeysDirectory(string dataDirectory) =>
        string.IsNullOrWhiteSpace(KeysDirectory) ? Path.Combine(dataDirectory, "keys") : Path.GetFullPath(KeysDirectory);
}
