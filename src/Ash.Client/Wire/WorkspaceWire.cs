namespace Ash.Client.Wire;

// Bodies of the workspace routes. byte[] is written as base64, as the API wants.
internal sealed record WriteFilesRequest(IReadOnlyList<FileUpload> Files, string? TargetPath);

internal sealed record WriteFilesResponse(IReadOnlyList<FileWriteResult> Files);

internal sealed record FileDeletedResponse(string Path, bool Deleted);

internal sealed record WorkspaceUploadRequest(byte[] Bundle);
