namespace Ash.Core.Workspaces;

/// <summary>
/// An opened regular file. <see cref="Content"/> yields exactly <see cref="Size"/> bytes (the size when it
/// was opened), so a length sent ahead stays true while the agent changes the file.
/// </summary>
public sealed class WorkspaceFileContent(string path, long size, DateTimeOffset modifiedAt, Stream content) : IAsyncDisposable, IDisposable
{
    public string Path { get; } = path;

    public long Size { get; } = size;

    public DateTimeOffset ModifiedAt { get; } = modifiedAt;

    public Stream Content { get; } = content;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}
