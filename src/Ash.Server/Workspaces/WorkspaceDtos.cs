using System.Text.Json.Serialization;
using Ash.Core.Workspaces;

namespace Ash.Server.Workspaces;

public sealed record FileListResponse(List<FileEntryDto> Files, string Source, bool Truncated);

public sealed record FileEntryDto(string Path, long Size, DateTimeOffset ModifiedAt)
{
    public static FileEntryDto From(WorkspaceFileInfo file) => new(file.Path, file.Size, file.ModifiedAt);
}

public sealed record FileContentResponse(string Path, string Content, long Size, string Source);

/// <summary>POST files: each content is base64 (System.Text.Json decodes it into bytes as it reads, without a string copy).</summary>
public sealed record WriteFilesRequest(List<FileUploadDto?>? Files, string? TargetPath);

public sealed record FileUploadDto(string? Path, byte[]? Content);

public sealed record WriteFilesResponse(List<FileWriteDto> Files);

/// <summary>Ash's per-file answer: <c>{path, written:true, size}</c> or <c>{path, written:false, error}</c>.</summary>
public sealed record FileWriteDto(
    string Path,
    bool Written,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Size,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error)
{
    public static FileWriteDto From(FileWriteOutcome outcome) => new(outcome.Path, outcome.Written, outcome.Size, outcome.Error);
}

public sealed record FileDeletedResponse(string Path, bool Deleted);

public sealed record WorkspaceUploadRequest(byte[]? Bundle);

public sealed record WorkspaceUploadResponse(string Message, int Files);
