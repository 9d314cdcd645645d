namespace Ash.Core.Workspaces;

/// <summary>Sizes the workspace routes accept (Ash's where it has them, ash-reference.md §1.8-1.9).</summary>
public static class WorkspaceLimits
{
    public const int MaxFilesPerUpload = 500;

    public const long MaxFileBytes = 50L * 1024 * 1024;

    public const long MaxUploadBytes = 100L * 1024 * 1024;

    /// <summary>Largest file returned as JSON text (<c>?format=json</c>).</summary>
    public const long MaxJsonFileBytes = 1024 * 1024;

    /// <summary>A listing stops here (the agent can create millions of files); the answer says it was cut.</summary>
    public const int MaxListedFiles = 100_000;

    /// <summary>A relative path, in UTF-8 bytes (PATH_MAX is 4096 with the terminating NUL).</summary>
    public const int MaxPathBytes = 4095;

    /// <summary>One name in a path (NAME_MAX).</summary>
    public const int MaxNameBytes = 255;
}
