namespace Ash.Client;

/// <summary>What happened to one file of <see cref="AshClient.WriteFilesAsync"/>: each file succeeds or fails alone.</summary>
/// <param name="Path">The path as it was sent.</param>
/// <param name="Written">True when the file was written.</param>
/// <param name="Size">Bytes written, when <paramref name="Written"/>.</param>
/// <param name="Error">Why not, when not <paramref name="Written"/> (a bad path, over a size limit, a link or directory in the way, no space left).</param>
public sealed record FileWriteResult(string Path, bool Written, long? Size = null, string? Error = null);
