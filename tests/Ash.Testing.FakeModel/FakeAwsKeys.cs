namespace Ash.Testing.FakeModel;

/// <summary>AWS keys the fake's Bedrock routes accept: a request must be signed with them, for this region, to get an answer.</summary>
public sealed record FakeAwsKeys(string AccessKeyId, string SecretAccessKey, string Region, string? SessionToken = null);
