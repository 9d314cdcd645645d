namespace Ash.Core.Workspaces;

/// <summary>One file to write: a path relative to the workspace, and its bytes.</summary>
public sealed record FileUpload(string Path, ReadOnlyMemory<byte> Content);

/// <summary>What happened to one uploaded file: written with its size, or not, with why.</summary>
public sealed record FileWriteOutcome(string Path, bool Written, long? Size, string? Error)
{
    public static FileWriteOutcome Success(string path, long size) => new(path, true, size, null);

    public static FileWriteOutcome Failure(string path, string error) => new(path, false, null, error);
}
