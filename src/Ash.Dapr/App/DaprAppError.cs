namespace Ash.Dapr.App;

/// <summary>
/// The body of an app-side error answer to daprd, in the REST API's error shape
/// (<c>{"error": "…", "statusCode": n, "code": "…"}</c>): a message and a stable code, never a stack trace
/// or a .NET type name.
/// </summary>
public sealed record DaprAppError(string Error, int StatusCode, string Code);
