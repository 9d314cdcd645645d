namespace Ash.Client;

/// <summary>The answer of <see cref="AshClient.UploadWorkspaceAsync"/>.</summary>
/// <param name="Message">The server's summary.</param>
/// <param name="Files">How many files and links the bundle held.</param>
public sealed record WorkspaceUploadResult(string Message, int Files);
