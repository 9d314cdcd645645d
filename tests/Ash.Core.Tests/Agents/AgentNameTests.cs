using Ash.Core.Agents;

namespace Ash.Core.Tests.Agents;

public sealed class AgentNameTests
{
    [Theory]
    [InlineData("hello-agent", true)]
    [InlineData("a", true)]
    [InlineData("v1.2_beta", true)]
    [InlineData("", false)]
    [InlineData("-leading", false)]
    [InlineData(".hidden", false)]
    [InlineData("has space", false)]
    [InlineData("../etc", false)]
    [InlineData("a/b", false)]
    public void IsValid_FollowsTheApiPattern(string name, bool valid)
    {
        Assert.Equal(valid, AgentName.IsValid(name));
    }

    [Fact]
    public void IsValid_RejectsNamesOver63Characters()
    {
        Assert.True(AgentName.IsValid(new string('a', 63)));
        Assert.False(AgentName.IsValid(new string('a', 64)));
    }
}
