namespace Ash.Core.Credentials.Aws;

/// <summary>The headers Signature Version 4 adds to a request; the caller sends them with the headers it signed.</summary>
/// <param name="SecurityToken">The <c>x-amz-security-token</c> value, or null when the credentials have no session token.</param>
public sealed record AwsSignedHeaders(string AmzDate, string? SecurityToken, string Authorization);
