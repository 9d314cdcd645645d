namespace Ash.Client;

/// <summary>One file for <see cref="AshClient.WriteFilesAsync"/>.</summary>
/// <param name="Path">Path relative to the workspace (or to the target path), with <c>/</c> separators.</param>
/// <param name="Content">The file's bytes (sent base64-encoded).</param>
public sealed record FileUpload(string Path, byte[] Content);
