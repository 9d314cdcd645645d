using System.Text;
using Ash.Core.Credentials.Aws;

namespace Ash.Core.Tests.Credentials.Aws;

/// <summary>
/// Every expected value here was computed by botocore's <c>SigV4Auth</c> (1.29.27 from Debian and 1.43.11 from PyPI
/// agree), not by our code: <c>python3 sigv4_vectors.py</c> in this folder signs the same requests at the same times
/// and prints them. The last case is AWS's own test-suite example "get-vanilla", whose published signature botocore
/// reproduces.
/// </summary>
public sealed class AwsSignatureV4Tests
{
    private static readonly KeyValuePair<string, string>[] JsonHeaders = [new("Content-Type", "application/json"), new("Accept", "application/json")];

    [Fact]
    public void Sign_StreamInvokeWithoutSessionToken_MatchesBotocore()
    {
        var signed = AwsSignatureV4.Sign(
            "POST",
            new Uri("https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke-with-response-stream"),
            JsonHeaders,
            Hash("""{"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}"""),
            At("2025-01-02T03:04:05Z"),
            new AwsSigningCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null),
            "us-east-1",
            "bedrock");

        Assert.Equal("20250102T030405Z", signed.AmzDate);
        Assert.Null(signed.SecurityToken);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250102/us-east-1/bedrock/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date, Signature=17a5644f0e144474b31c9da9bc5e026ea5b90e0301419969af693bfedc2f8001",
            signed.Authorization);
    }

    [Fact]
    public void Sign_InvokeWithSessionToken_SignsTheTokenAndMatchesBotocore()
    {
        var signed = AwsSignatureV4.Sign(
            "POST",
            new Uri("https://bedrock-runtime.eu-west-1.amazonaws.com/model/eu.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke"),
            JsonHeaders,
            Hash("""{"anthropic_version":"bedrock-2023-05-31","max_tokens":1,"messages":[{"role":"user","content":"ping"}]}"""),
            At("2026-12-07T23:59:59Z"),
            new AwsSigningCredentials("ASIAEXAMPLESESSION01", "sEcReT/with+Plus/AndSlash0123456789abcd", "FwoGZXIvYXdzEXAMPLE//////////wEaDEXAMPLETOKEN+/="),
            "eu-west-1",
            "bedrock");

        Assert.Equal("FwoGZXIvYXdzEXAMPLE//////////wEaDEXAMPLETOKEN+/=", signed.SecurityToken);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLESESSION01/20261207/eu-west-1/bedrock/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token, Signature=63537e7e13f2ce7b0cc8ddae7e9a7ce0bd0916abb8e5899af85d78f7854e6491",
            signed.Authorization);
    }

    [Fact]
    public void Sign_EndpointWithPortAndPaddedHeader_SignsHostWithPortAndTrimmedValue()
    {
        var signed = AwsSignatureV4.Sign(
            "POST",
            new Uri("http://127.0.0.1:41234/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke-with-response-stream"),
            [.. JsonHeaders, new("X-Amzn-Bedrock-Trace", "  ENABLED  ")],
            AwsSignatureV4.EmptyPayloadHash,
            At("2024-02-29T12:00:00Z"),
            new AwsSigningCredentials("AKIDFAKE", "fake-secret", null),
            "ap-southeast-2",
            "bedrock");

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDFAKE/20240229/ap-southeast-2/bedrock/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;x-amzn-bedrock-trace, Signature=7f3ffccf2b384e7ace845969d1d87cf5cb3e55f6073503dc6793f15088b5ca3a",
            signed.Authorization);
    }

    [Fact]
    public void Sign_AwsTestSuiteGetVanilla_GivesThePublishedSignature()
    {
        var signed = AwsSignatureV4.Sign(
            "GET",
            new Uri("https://example.amazonaws.com/"),
            [],
            AwsSignatureV4.EmptyPayloadHash,
            At("2015-08-30T12:36:00Z"),
            new AwsSigningCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
            "us-east-1",
            "service");

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            signed.Authorization);
    }

    [Fact]
    public void PayloadHash_OfEmpty_IsTheWellKnownEmptyHash() =>
        Assert.Equal(AwsSignatureV4.EmptyPayloadHash, AwsSignatureV4.PayloadHash([]));

    [Fact]
    public void Credentials_ToString_HidesTheSecretAndToken()
    {
        var text = new AwsSigningCredentials("AKID", "the-secret", "the-token").ToString();

        Assert.DoesNotContain("the-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("the-token", text, StringComparison.Ordinal);
    }

    private static string Hash(string body) => AwsSignatureV4.PayloadHash(Encoding.UTF8.GetBytes(body));

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
}
