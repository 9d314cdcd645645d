using Ash.Sandbox.Directories;
using Ash.Sandbox.Snapshots;

namespace Ash.Sandbox.Tests.Snapshots;

/// <summary>Two hosts' session directories and one shared snapshot directory, on the real file system.</summary>
public sealed class SessionSnapshotsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ash-snapshot-test-" + Guid.NewGuid().ToString("N"));
    private readonly Guid _session = Guid.NewGuid();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private SessionSnapshots Shared => new(Path.Combine(_root, "shared"));

    private SessionDirectories Host(string name)
    {
        var directories = new SessionDirectories(Path.Combine(_root, name), Path.Combine(_root, name + "-run"), _session);
        Directory.CreateDirectory(directories.Root);
        return directories;
    }

    private static void Write(SessionDirectories host, string relative, string text)
    {
        var path = Path.Combine(host.Volume, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public void AHostWithoutTheFiles_RestoresTheSnapshot_WorkspaceAndConversation()
    {
        var a = Host("a");
        Write(a, "workspace/notes.txt", "from a");
        Write(a, "home/.claude/projects/-workspace/s.jsonl", "{\"turn\":1}");
        File.CreateSymbolicLink(Path.Combine(a.Workspace, "escape"), "/etc/passwd");
        Shared.Save(a, _session);
        var b = Host("b");

        var restored = Shared.RestoreIfNewer(b, _session);

        Assert.True(restored);
        Assert.Equal("from a", File.ReadAllText(Path.Combine(b.Workspace, "notes.txt")));
        Assert.Equal("{\"turn\":1}", File.ReadAllText(Path.Combine(b.Home, ".claude", "projects", "-workspace", "s.jsonl")));
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(b.Workspace, "escape")).LinkTarget);
        Assert.True(Shared.Exists(_session));
    }

    [Fact]
    public void OnlyANewerGeneration_ReplacesWhatAHostHas()
    {
        var a = Host("a");
        var b = Host("b");
        Write(a, "workspace/f.txt", "v1");
        Shared.Save(a, _session);
        Shared.RestoreIfNewer(b, _session);
        Write(b, "workspace/f.txt", "v2 on b");
        Shared.Save(b, _session);

        var aUpdated = Shared.RestoreIfNewer(a, _session);
        var bAgain = Shared.RestoreIfNewer(b, _session);

        Assert.True(aUpdated);
        Assert.Equal("v2 on b", File.ReadAllText(Path.Combine(a.Workspace, "f.txt")));
        Assert.False(bAgain);
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(_root, "shared", _session.ToString("D"))));
    }

    [Fact]
    public void Delete_RemovesEveryGeneration_AndNothingIsRestoredAfter()
    {
        var a = Host("a");
        Write(a, "workspace/f.txt", "x");
        Shared.Save(a, _session);

        Shared.Delete(_session);

        Assert.False(Shared.Exists(_session));
        Assert.False(Shared.RestoreIfNewer(Host("b"), _session));
    }
}
