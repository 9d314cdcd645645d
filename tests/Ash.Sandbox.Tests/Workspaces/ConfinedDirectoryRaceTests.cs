using System.Runtime.InteropServices;
using Ash.Core.Workspaces;
using Ash.Sandbox.Workspaces;

namespace Ash.Sandbox.Tests.Workspaces;

/// <summary>
/// The time-of-check-to-time-of-use attack: while the server works on a path, the agent keeps swapping
/// a directory for a link to a host directory and back. No interleaving may read or write the host side.
/// </summary>
public sealed partial class ConfinedDirectoryRaceTests : IDisposable
{
    private const int Rounds = 3000;

    private readonly string _root = Directory.CreateTempSubdirectory("ash-race-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ReadsAndWrites_WhileADirectoryIsSwappedForALink_NeverReachTheTarget()
    {
        var workspace = Directory.CreateDirectory(Path.Combine(_root, "workspace")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        var inside = Directory.CreateDirectory(Path.Combine(workspace, "d")).FullName;
        File.WriteAllText(Path.Combine(inside, "f.txt"), "inside");
        File.WriteAllText(Path.Combine(outside, "f.txt"), "outside secret");
        using var stop = new CancellationTokenSource();
        var swapper = Task.Run(() => Swap(inside, outside, stop.Token));
        using var root = ConfinedDirectory.OpenRoot(workspace)!;
        var reads = 0;
        try
        {
            for (var i = 0; i < Rounds; i++)
            {
                var opened = Read(root);
                if (opened is not null)
                {
                    Assert.Equal("inside", opened);
                    reads++;
                }

                WorkspaceWriter.Write(root, new FileUpload("d/written.txt", "x"u8.ToArray()));
                WorkspaceWriter.Write(root, new FileUpload("d/new/deeper.txt", "x"u8.ToArray()));
                Assert.Equal(["f.txt"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await swapper.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal("outside secret", File.ReadAllText(Path.Combine(outside, "f.txt")));
        Assert.True(reads > 0, "the directory was never readable between swaps");
    }

    private static string? Read(ConfinedDirectory root)
    {
        try
        {
            var opened = WorkspaceReader.Open(root, "d/f.txt");
            if (!opened.IsSuccess)
            {
                return null;
            }

            using var content = opened.Value;
            using var reader = new StreamReader(content.Content);
            return reader.ReadToEnd();
        }
        catch (WorkspaceIOException)
        {
            // Mid-swap: the path was a link (ELOOP) or briefly absent (ENOENT).
            return null;
        }
    }

    /// <summary>Swaps the directory and a link to the outside atomically, back and forth: "d" is always one or the other.</summary>
    private static void Swap(string inside, string outside, CancellationToken stop)
    {
        var link = inside + ".link";
        File.CreateSymbolicLink(link, outside);
        while (!stop.IsCancellationRequested)
        {
            Assert.True(RenameAt2(AtCurrentDirectory, inside, AtCurrentDirectory, link, RenameExchange) == 0, $"renameat2: errno {Marshal.GetLastPInvokeError()}");
        }

        if (new DirectoryInfo(inside).LinkTarget is not null)
        {
            RenameAt2(AtCurrentDirectory, inside, AtCurrentDirectory, link, RenameExchange);
        }
    }

    private const int AtCurrentDirectory = -100;
    private const uint RenameExchange = 2;

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int fromDirectory, string from, int toDirectory, string to, uint flags);
}
