namespace Ash.Sandbox.Workspaces;

/// <summary>Unix permission bits (C# has no octal literals).</summary>
internal static class Permissions
{
    /// <summary>0644: what a file we create gets, so the agent (its owner) can still edit it.</summary>
    public const uint File = 0x1A4;

    /// <summary>0755: a file that had an execute bit in a bundle.</summary>
    public const uint ExecutableFile = 0x1ED;

    /// <summary>0755: what a directory we create gets.</summary>
    public const uint Directory = 0x1ED;

    /// <summary>0600: a file while it is still being written.</summary>
    public const uint OwnerOnlyFile = 0x180;

    /// <summary>0700: a directory before it has its owner.</summary>
    public const uint OwnerOnlyDirectory = 0x1C0;

    /// <summary>0777: the permission bits without set-uid, set-gid and sticky.</summary>
    public const uint All = 0x1FF;

    /// <summary>0111: any execute bit.</summary>
    public const uint AnyExecute = 0x49;
}
