namespace Ash.Server.Errors;

/// <summary>The error body of every failed request: Ash's shape plus a stable <c>code</c>.</summary>
public sealed record ApiError(string Error, int StatusCode, string Code);
