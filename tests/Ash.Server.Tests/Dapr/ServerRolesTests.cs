using Ash.Server.Dapr;

namespace Ash.Server.Tests.Dapr;

public sealed class ServerRolesTests
{
    [Theory]
    [InlineData(null, true, true, true)]
    [InlineData("", true, true, true)]
    [InlineData("api,sessions", true, true, false)]
    [InlineData(" sandbox-host ", false, false, true)]
    [InlineData("API,Sessions,Sandbox-Host", true, true, true)]
    public void TryParse_ReadsTheRoleList(string? text, bool api, bool sessions, bool sandboxHost)
    {
        Assert.True(ServerRoles.TryParse(text, out var roles, out _));
        Assert.Equal(new ServerRoles(api, sessions, sandboxHost), roles);
    }

    [Theory]
    [InlineData("api,worker", "unknown role 'worker'")]
    [InlineData(",,", "at least one role")]
    public void TryParse_NamesWhatIsWrong(string text, string expected)
    {
        Assert.False(ServerRoles.TryParse(text, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.StartsWith("Ash:Roles", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true, true, false, null, true)]
    [InlineData(true, true, false, false, null, false)]
    [InlineData(true, true, true, true, null, true)]
    [InlineData(true, true, false, true, null, true)]
    [InlineData(false, false, true, true, "node-1", true)]
    [InlineData(false, false, true, true, null, false)]
    [InlineData(false, false, true, true, "Node_1", false)]
    [InlineData(false, false, true, true, "ip-10-0-0-1.ec2.internal", true)]
    [InlineData(false, false, true, true, "ip-10-0-0-1..ec2.internal", false)]
    [InlineData(true, false, false, true, null, true)]
    [InlineData(false, true, false, true, null, true)]
    [InlineData(true, false, false, false, null, false)]
    [InlineData(true, false, true, true, "a", false)]
    [InlineData(false, true, true, true, "a", false)]
    public void Problem_AllowsTheSupportedCombinationsOnly(bool api, bool sessions, bool sandboxHost, bool dapr, string? node, bool allowed)
    {
        var problem = ServerRoles.Problem(new ServerRoles(api, sessions, sandboxHost), dapr, node);

        Assert.Equal(allowed, problem is null);
    }
}
