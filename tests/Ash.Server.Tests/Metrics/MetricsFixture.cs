using Ash.Testing.Server;

namespace Ash.Server.Tests.Metrics;

/// <summary>A server with a metrics token and an admin key, counting sessions often so a test sees a change soon.</summary>
public sealed class MetricsFixture : PlatformFixture
{
    public const string Token = "metrics-token-0123456789abcdef0123456789";
    public const string AdminKey = "admin-key-0123456789abcdef0123456789abcd";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Ash:Metrics:Token"] = Token,
        ["Ash:AdminKey"] = AdminKey,
        ["Ash:Metrics:CensusInterval"] = "00:00:00.200",
    };
}
