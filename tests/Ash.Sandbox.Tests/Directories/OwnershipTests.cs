using Ash.Sandbox.Directories;

namespace Ash.Sandbox.Tests.Directories;

/// <summary>Giving a session's files to its sandbox uid (the tests run as root, as the server does).</summary>
public sealed class OwnershipTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ash-ownership-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private SessionDirectories Session()
    {
        var session = new SessionDirectories(_root, Path.Combine(_root, "run"), Guid.NewGuid());
        Directory.CreateDirectory(Path.Combine(session.Workspace, "src"));
        Directory.CreateDirectory(session.Home);
        File.WriteAllText(Path.Combine(session.Workspace, "src", "main.py"), "print(1)");
        return session;
    }

    private static int OwnerOf(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        var uid = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return int.Parse(uid, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void GiveSession_GivesEveryFile_AndRemembersTheOwner()
    {
        var session = Session();

        Ownership.GiveSession(session, 300_123);

        Assert.Equal(300_123, OwnerOf(Path.Combine(session.Workspace, "src", "main.py")));
        Assert.Equal(300_123, OwnerOf(session.Home));
        Assert.Equal(300_123, Ownership.RecordedOwner(session));
    }

    [Fact]
    public void GiveSession_ToTheSameOwnerAgain_DoesNotWalkTheTree()
    {
        var session = Session();
        Ownership.GiveSession(session, 300_123);
        var rootsFile = Path.Combine(session.Workspace, "src", "planted-by-root.txt");
        File.WriteAllText(rootsFile, "root's");

        Ownership.GiveSession(session, 300_123);

        Assert.Equal(0, OwnerOf(rootsFile));
        Assert.Equal(300_123, OwnerOf(session.Workspace));
    }

    [Fact]
    public void GiveSession_ToAnotherOwner_OrAfterForget_WalksTheTreeAgain()
    {
        var session = Session();
        Ownership.GiveSession(session, 300_123);
        var rootsFile = Path.Combine(session.Workspace, "src", "restored.txt");
        File.WriteAllText(rootsFile, "root's");

        Ownership.Forget(session);
        Ownership.GiveSession(session, 300_123);
        Assert.Equal(300_123, OwnerOf(rootsFile));

        Ownership.GiveSession(session, 300_456);
        Assert.Equal(300_456, OwnerOf(Path.Combine(session.Workspace, "src", "main.py")));
        Assert.Equal(300_456, Ownership.RecordedOwner(session));
    }
}
