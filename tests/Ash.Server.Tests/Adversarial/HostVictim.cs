using System.Diagnostics;
using System.Globalization;

namespace Ash.Server.Tests.Adversarial;

/// <summary>
/// A root-only directory on the host (0700) holding a root-only file (0600) with a secret: what an
/// attack tries to read, write or take over. Lives under /tmp/ash-tests, never touches real host files.
/// </summary>
public sealed class HostVictim : IDisposable
{
    private HostVictim(string directory)
    {
        Directory = directory;
        File = Path.Combine(directory, "secret.json");
        Secret = "host-victim-secret-" + Guid.NewGuid().ToString("N");
        Content = $"{{\"secret\":\"{Secret}\"}}\n";
    }

    public string Directory { get; }

    public string File { get; }

    public string Secret { get; }

    /// <summary>The file's original content: a JSON object on one line, ending in a newline like most files.</summary>
    public string Content { get; }

    public static HostVictim Create()
    {
        var victim = new HostVictim(Path.Combine(Path.GetTempPath(), "ash-tests", "victim-" + Guid.NewGuid().ToString("N")[..12]));
        System.IO.Directory.CreateDirectory(victim.Directory);
        System.IO.File.SetUnixFileMode(victim.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        System.IO.File.WriteAllText(victim.File, victim.Content);
        System.IO.File.SetUnixFileMode(victim.File, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return victim;
    }

    /// <summary>The owner uid of a path on the host (the link itself, for a link).</summary>
    public static int OwnerOf(string path)
    {
        var stat = new ProcessStartInfo("stat") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", "%u", path })
        {
            stat.ArgumentList.Add(argument);
        }

        using var process = Process.Start(stat)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
