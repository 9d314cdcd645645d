namespace Ash.Sandbox.Directories;

/// <summary>
/// The sandbox sees a synthesized /etc with just the agent's own user, never the host's /etc
/// (no host account names, no /etc/shadow to probe).
/// </summary>
internal static class SyntheticEtc
{
    public static void Write(string etc, int uid)
    {
        Directory.CreateDirectory(etc);
        File.WriteAllText(Path.Combine(etc, "passwd"), $"root:x:0:0:root:/root:/usr/sbin/nologin\nagent:x:{uid}:{uid}:agent:/home/agent:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        File.WriteAllText(Path.Combine(etc, "group"), $"root:x:0:\nagent:x:{uid}:\nnogroup:x:65534:\n");
        File.WriteAllText(Path.Combine(etc, "hosts"), "127.0.0.1 localhost sandbox\n::1 localhost\n");
        File.WriteAllText(Path.Combine(etc, "nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files\n");
        File.WriteAllText(Path.Combine(etc, "hostname"), "sandbox\n");
    }
}
