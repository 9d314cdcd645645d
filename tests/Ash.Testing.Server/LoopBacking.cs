using Ash.Testing.Common;

namespace Ash.Testing.Server;

/// <summary>Which files the host's loop devices hold (<c>/sys/class/block/loopN/loop/backing_file</c>).</summary>
public static class LoopBacking
{
    /// <summary>The path as the kernel reports a backing file (links resolved).</summary>
    public static string Canonical(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);

    public static List<string> BackingFiles() =>
        Directory.EnumerateFileSystemEntries("/sys/class/block", "loop*")
            .Select(device => Path.Combine(device, "loop", "backing_file"))
            .Select(file =>
            {
                try
                {
                    return File.ReadAllText(file).TrimEnd('\n');
                }
                catch (IOException)
                {
                    return null; // not bound
                }
            })
            .OfType<string>()
            .ToList();

    /// <summary>The kernel frees an autoclear loop device shortly after its last user goes: polls (bounded) until none holds <paramref name="image"/>.</summary>
    public static Task WaitUntilReleasedAsync(string image) =>
        Eventually.TrueAsync(() => !BackingFiles().Any(backing => backing == image || backing == image + " (deleted)"), $"no loop device to hold {image}");
}
