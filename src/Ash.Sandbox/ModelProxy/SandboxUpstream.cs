using Ash.Core.Credentials.Aws;
using Ash.Core.Credentials;
using Ash.Sandbox.ModelProxy.Bedrock;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// Where one sandbox's model requests go, chosen per request: the server's upstream and key, or, for a
/// session created with a <c>credentialId</c>, that credential's key (and endpoint, for <c>custom</c>), opened
/// from the store for each request. Looking it up each time is what makes a deleted credential stop working
/// at the session's next model request (issue 13) rather than when the sandbox next starts; the cost is one
/// indexed read per model call, which takes seconds anyway.
/// </summary>
/// <param name="tenantHttp">Carries requests to a credential's own endpoint (a <c>custom</c> baseUrl): public addresses only.</param>
/// <param name="bedrockEndpoint">The operator's Bedrock runtime endpoint (<c>Ash:Sandbox:ModelProxy:BedrockEndpoint</c>); null: the credential's region's.</param>
internal sealed class SandboxUpstream(ModelUpstream server, IModelCredentialSource? credentials, string tenantId, Guid? credentialId, HttpClient? tenantHttp, Uri? bedrockEndpoint = null)
{
    public static SandboxUpstream ServerOnly(ModelUpstream server) => new(server, null, string.Empty, null, null);

    public async ValueTask<UpstreamChoice> ChooseAsync(CancellationToken cancellationToken)
    {
        if (credentialId is not { } id)
        {
            return new UpstreamChoice(server.BaseUrl, server.ApiKey, null) { Watch = server.Watch };
        }

        if (credentials is null)
        {
            return UpstreamChoice.Refused(ProxyRefusal.CredentialUnavailable($"this server cannot open the session's credential {id}"));
        }

        var opened = await credentials.OpenAsync(tenantId, id, cancellationToken);
        if (!opened.IsSuccess)
        {
            var message = opened.Error.Code == "credential_not_found"
                ? $"the credential {id} this session uses was deleted"
                : $"the credential {id} this session uses is unusable: {opened.Error.Message}";
            return UpstreamChoice.Refused(ProxyRefusal.CredentialUnavailable(message));
        }

        if (opened.Value.Type == CredentialTypes.Bedrock)
        {
            return ForBedrock(id, opened.Value.Key);
        }

        if (opened.Value.BaseUrl is not { } endpoint)
        {
            return new UpstreamChoice(server.BaseUrl, opened.Value.Key, null);
        }

        return tenantHttp is null
            ? UpstreamChoice.Refused(ProxyRefusal.CredentialUnavailable($"this server cannot reach the endpoint of the session's credential {id}"))
            : new UpstreamChoice(endpoint, opened.Value.Key, null) { TenantClient = tenantHttp };
    }

    /// <summary>
    /// The credential's AWS keys sign the request on its way out (<see cref="AwsSignatureV4"/>), to its region's runtime.
    /// Its region was checked when it was stored; a key that no longer parses (written by hand into the database) is refused.
    /// </summary>
    private UpstreamChoice ForBedrock(Guid id, string key)
    {
        var parsed = BedrockKey.Parse(key);
        if (!parsed.IsSuccess)
        {
            return UpstreamChoice.Refused(ProxyRefusal.CredentialUnavailable($"the credential {id} this session uses is unusable: {parsed.Error!.Message}"));
        }

        var aws = parsed.Value!;
        var signing = new AwsSigningCredentials(aws.AccessKeyId, aws.SecretAccessKey, aws.SessionToken);
        var endpoint = bedrockEndpoint ?? BedrockUpstream.RegionalEndpoint(aws.Region);
        return new UpstreamChoice(endpoint, null, null) { Bedrock = new BedrockUpstream(endpoint, signing, aws.Region) };
    }
}
