using Ash.Sandbox.Volumes;

namespace Ash.Core.Tests.Sandboxes.Volumes;

public sealed class MountTableTests
{
    [Theory]
    [InlineData("/tmp/plain/volume", "/tmp/plain/volume")]
    [InlineData(@"/tmp/with\040space/volume", "/tmp/with space/volume")]
    [InlineData(@"/tmp/tab\011and\134backslash", "/tmp/tab\tand\\backslash")]
    [InlineData(@"/tmp/not\04an-escape", @"/tmp/not\04an-escape")]
    public void Unescape_ReadsTheKernelsOctalEscapes(string field, string expected) =>
        Assert.Equal(expected, MountTable.Unescape(field));

    [Fact]
    public void Below_FindsOnlyMountPointsStrictlyBelow() =>
        Assert.DoesNotContain("/", MountTable.Below("/"));
}
