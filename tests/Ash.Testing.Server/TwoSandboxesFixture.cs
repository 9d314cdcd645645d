namespace Ash.Testing.Server;

/// <summary>A server that runs at most two agent processes at once.</summary>
public sealed class TwoSandboxesFixture : PlatformFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Ash:Sessions:MaxLiveSandboxes"] = "2",
        ["Ash:Sessions:CapacityRetryAfter"] = "00:00:07",
    };
}
