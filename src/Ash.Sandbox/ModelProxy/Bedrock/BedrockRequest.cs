using Ash.Core.Credentials.Aws;

namespace Ash.Sandbox.ModelProxy.Bedrock;

/// <summary>
/// Builds the request the proxy sends to Bedrock for one agent call: the canonical path to the credential's endpoint,
/// the body, the few headers Bedrock reads, and a SigV4 signature over all of them made with the credential's keys.
/// </summary>
/// <remarks>
/// The body is held whole: SigV4 signs the payload's hash, which must be in the headers before the first byte of the
/// body goes (Bedrock takes no unsigned or chunk-signed payloads; only S3 does). It is bounded by the proxy's body
/// limit like any request. Only <c>content-type</c>, <c>accept</c> and <c>x-amzn-bedrock-*</c> go on: the CLI's own
/// headers (<c>anthropic-*</c>, <c>x-stainless-*</c>, its session id) mean nothing to Bedrock (the Bedrock SDK puts
/// the betas in the body as <c>anthropic_beta</c>), and the sandbox token is never forwarded.
/// </remarks>
internal static class BedrockRequest
{
    private const int InitialBodyCapacity = 64 * 1024;

    public static async Task<HttpRequestMessage> CreateAsync(
        BedrockUpstream upstream, BedrockCall call, ProxyRequestHead head, Stream? body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var payload = body is null ? ArraySegment<byte>.Empty : await ReadAllAsync(body, cancellationToken);
        var url = new Uri(upstream.Endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + call.UpstreamPath);

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in head.Headers)
        {
            if (IsForwarded(name))
            {
                headers.Add(new(name, value));
            }
        }

        var signed = AwsSignatureV4.Sign("POST", url, headers, AwsSignatureV4.PayloadHash(payload), now, upstream.Credentials, upstream.Region, BedrockUpstream.SigningService);

        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(payload.Array ?? [], payload.Offset, payload.Count) };
        foreach (var (name, value) in headers)
        {
            AddHeader(request, name, value);
        }

        request.Headers.TryAddWithoutValidation("x-amz-date", signed.AmzDate);
        if (signed.SecurityToken is { } token)
        {
            request.Headers.TryAddWithoutValidation("x-amz-security-token", token);
        }

        request.Headers.TryAddWithoutValidation("authorization", signed.Authorization);
        return request;
    }

    private static bool IsForwarded(string name) =>
        name.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("accept", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("x-amzn-bedrock-", StringComparison.OrdinalIgnoreCase);

    private static void AddHeader(HttpRequestMessage request, string name, string value)
    {
        if (name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
        {
            // Exactly the value that was signed: a parsed MediaTypeHeaderValue could be written back differently.
            request.Content!.Headers.TryAddWithoutValidation(name, value);
            return;
        }

        request.Headers.TryAddWithoutValidation(name, value);
    }

    /// <summary>The body, read to its end; the stream enforces the proxy's size limit and idle timeout as it is read.</summary>
    private static async Task<ArraySegment<byte>> ReadAllAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream(InitialBodyCapacity);
        await body.CopyToAsync(buffer, cancellationToken);
        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
