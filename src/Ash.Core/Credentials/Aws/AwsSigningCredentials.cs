namespace Ash.Core.Credentials.Aws;

/// <summary>The AWS keys a request is signed with; they exist only in the model proxy, for one request.</summary>
/// <param name="SessionToken">The temporary credentials' session token (sent as <c>x-amz-security-token</c>), or null for long-term keys.</param>
public sealed record AwsSigningCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    /// <summary>Never prints the secret or the token, should a record ever reach a log.</summary>
    public override string ToString() => $"AwsSigningCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
