using System.Globalization;
using System.Text;
using Ash.Core.Credentials.Aws;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ash.Testing.FakeModel;

/// <summary>
/// Checks a Bedrock request as AWS would: a SigV4 <c>Authorization</c> for one of the accepted keys, scoped to their
/// region and the <c>bedrock</c> service, whose signature matches the one recomputed here over the request as it
/// arrived (path as sent, signed headers, body). Also refuses a request that carries the secret key anywhere.
/// </summary>
internal sealed class BedrockSignatureCheck(IReadOnlyList<FakeAwsKeys> accepted)
{
    private const string Prefix = "AWS4-HMAC-SHA256 ";

    /// <summary>Null when the request is signed right; else what is wrong.</summary>
    public string? Problem(HttpRequest request, byte[] body)
    {
        foreach (var keys in accepted)
        {
            foreach (var (name, values) in request.Headers)
            {
                if (values.ToString().Contains(keys.SecretAccessKey, StringComparison.Ordinal))
                {
                    return $"the secret access key arrived in the header {name}";
                }
            }

            if (Encoding.UTF8.GetString(body).Contains(keys.SecretAccessKey, StringComparison.Ordinal))
            {
                return "the secret access key arrived in the body";
            }
        }

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return "no AWS4-HMAC-SHA256 Authorization header";
        }

        var parts = authorization[Prefix.Length..].Split(", ").Select(part => part.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.ContainsKey("Signature"))
        {
            return "the Authorization header lacks Credential, SignedHeaders or Signature";
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[3] != "bedrock" || scope[4] != "aws4_request")
        {
            return $"the credential scope '{credential}' is not <key>/<day>/<region>/bedrock/aws4_request";
        }

        var keysUsed = accepted.FirstOrDefault(keys => keys.AccessKeyId == scope[0]);
        if (keysUsed is null)
        {
            return $"the access key {scope[0]} is unknown";
        }

        if (scope[2] != keysUsed.Region)
        {
            return $"signed for region {scope[2]}, not {keysUsed.Region}";
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt) || amzDate[..8] != scope[1])
        {
            return "x-amz-date is missing or not the scope's day";
        }

        var token = request.Headers["x-amz-security-token"].ToString();
        if (keysUsed.SessionToken != (token.Length == 0 ? null : token))
        {
            return "x-amz-security-token is not the session token of the keys";
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host") || !names.Contains("x-amz-date") || (keysUsed.SessionToken is not null && !names.Contains("x-amz-security-token")))
        {
            return $"SignedHeaders '{signedHeaders}' leaves out host, x-amz-date or x-amz-security-token";
        }

        var headers = names.Where(name => name is not ("host" or "x-amz-date" or "x-amz-security-token"))
            .Select(name => new KeyValuePair<string, string>(name, request.Headers[name].ToString()))
            .ToList();
        var rawTarget = request.HttpContext.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var url = new Uri($"{request.Scheme}://{request.Host}{rawTarget}");
        var expected = AwsSignatureV4.Sign(
            request.Method, url, headers, AwsSignatureV4.PayloadHash(body), signedAt,
            new AwsSigningCredentials(keysUsed.AccessKeyId, keysUsed.SecretAccessKey, keysUsed.SessionToken), keysUsed.Region, "bedrock");
        return expected.Authorization == authorization ? null : "the request signature does not match the one calculated";
    }
}
