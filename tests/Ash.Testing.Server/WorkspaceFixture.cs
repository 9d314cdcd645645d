namespace Ash.Testing.Server;

/// <summary>A server whose bundle limits are small, so the decompression-bomb tests stay quick.</summary>
public sealed class WorkspaceFixture : PlatformFixture
{
    public const long MaxArchiveBytes = 16L * 1024 * 1024;

    public const int MaxArchiveEntries = 2000;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Ash:Workspaces:MaxArchiveBytes"] = MaxArchiveBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ash:Workspaces:MaxArchiveEntries"] = MaxArchiveEntries.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
