namespace Ash.Sandbox.Bubblewrap;

/// <summary>Where things appear inside every sandbox.</summary>
public static class SandboxPaths
{
    public const string Workspace = "/workspace";
    public const string Home = "/home/agent";
    public const string RuntimeDirectory = "/opt/ash/runtime";
    public const string RunDirectory = "/run/ash";
    public const string ModelSocket = "/run/ash/model.sock";
    public const string EgressSocket = "/run/ash/egress.sock";
}
