using Ash.Sandbox.Volumes;

namespace Ash.Sandbox.Tests.Volumes;

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
    public void Below_FindsMountPointsStrictlyBelow_DeepestFirst_NotTheDirectoryNorASiblingSharingItsName()
    {
        var root = VolumeCalls.Canonical(Directory.CreateTempSubdirectory("ash-mount-table-").FullName)!;
        var directory = Path.Combine(root, "sessions");
        var outer = Path.Combine(directory, "with space");
        var inner = Path.Combine(outer, "inner");
        var sibling = Path.Combine(root, "sessions-other");
        var mounted = new List<string>();
        try
        {
            foreach (var mountPoint in new[] { directory, outer, inner, sibling })
            {
                Directory.CreateDirectory(mountPoint);
                Assert.Equal(0, VolumeCalls.Mount("tmpfs", mountPoint, "tmpfs", VolumeCalls.MountNoSuid | VolumeCalls.MountNoDev, "size=64k"));
                mounted.Add(mountPoint);
            }

            Assert.Equal([inner, outer], MountTable.Below(directory));
            Assert.Equal([inner], MountTable.Below(outer));
            Assert.True(MountTable.IsMountRoot(outer));
            Assert.False(MountTable.IsMountRoot(root));
            Assert.Contains(" - tmpfs ", MountTable.Describe(outer));
            Assert.Null(MountTable.Describe(Path.Combine(outer, "not-mounted")));
        }
        finally
        {
            mounted.Reverse();
            foreach (var mountPoint in mounted)
            {
                VolumeCalls.Unmount(mountPoint, VolumeCalls.UnmountDetach);
            }

            Directory.Delete(root, recursive: true);
        }
    }
}
