namespace Ash.Sandbox.Directories;

/// <summary>The modes of the directories the server (root) keeps for sessions (C# has no octal literals).</summary>
internal static class DirectoryModes
{
    /// <summary>
    /// 0711: root's, and the sandbox's uid may only pass through it to what lies below, never list it or
    /// rename in it, so the agent cannot swap what gets bound (a session directory, a volume's root).
    /// </summary>
    public const UnixFileMode TraverseOnly =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>0700: root's alone (volume images and templates, the pool, device nodes, uid locks).</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
}
