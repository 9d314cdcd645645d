using Ash.Core.Workspaces;

namespace Ash.Core.Tests.Workspaces;

public sealed class WorkspacePathTests
{
    [Theory]
    [InlineData("a.txt", "a.txt")]
    [InlineData("dir/a.txt", "dir/a.txt")]
    [InlineData("./dir//a.txt", "dir/a.txt")]
    [InlineData("dir/./a.txt/", "dir/a.txt")]
    [InlineData("..hidden/a..b", "..hidden/a..b")]
    [InlineData("back\\slash", "back\\slash")]
    public void Normalize_RelativePaths_AreKeptWithSlashes(string path, string expected)
    {
        var normalized = WorkspacePath.Normalize(path);

        Assert.True(normalized.IsSuccess);
        Assert.Equal(expected, normalized.Value);
    }

    [Theory]
    [InlineData("../a")]
    [InlineData("a/../../b")]
    [InlineData("a/..")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("//etc")]
    [InlineData("a\0b")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("./")]
    public void Normalize_EscapesAndTheRootItself_AreInvalidPath(string path)
    {
        var normalized = WorkspacePath.Normalize(path);

        Assert.False(normalized.IsSuccess);
        Assert.Equal("invalid_path", normalized.Error.Code);
    }

    [Fact]
    public void Normalize_Root_OnlyWhenAllowed()
    {
        Assert.Equal(string.Empty, WorkspacePath.Normalize(".", allowRoot: true).Value);
        Assert.Equal(string.Empty, WorkspacePath.Normalize(string.Empty, allowRoot: true).Value);
        Assert.False(WorkspacePath.Normalize("..", allowRoot: true).IsSuccess);
    }

    [Fact]
    public void Normalize_OverlongNamesAndPaths_AreInvalid()
    {
        Assert.True(WorkspacePath.Normalize(new string('n', 255)).IsSuccess);
        Assert.False(WorkspacePath.Normalize(new string('n', 256)).IsSuccess);
        Assert.False(WorkspacePath.Normalize(string.Join('/', Enumerable.Repeat(new string('n', 200), 21))).IsSuccess);
    }
}
