namespace Ash.Dapr.App;

/// <summary>The body of an app-side error answer to daprd: a message, never a stack trace.</summary>
public sealed record DaprAppError(string Error);
