namespace Ash.Testing.Server;

/// <summary>
/// A stand-in agent runtime written as a shell script, for behaviours the real CLI never shows
/// (protocol violations). It runs inside the same sandbox as the real one.
/// </summary>
public static class ScriptRuntime
{
    public static string Create(string script)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ash-tests", "runtime-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        var path = Path.Combine(directory, "runtime.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }
}
