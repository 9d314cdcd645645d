using Ash.Core.Auth;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Credentials;

/// <summary>
/// A server whose own upstream key the fake model refuses: a turn succeeds only with a stored credential's
/// key. A second fake model stands for a tenant's own Anthropic-compatible gateway (a <c>custom</c> credential), on
/// loopback and so allowed by the operator (<c>PrivateEndpoints</c>); a third, also on loopback but not allowed, stands
/// for a service beside the server that a tenant must not reach through the proxy. A fourth serves Bedrock's runtime
/// routes, taking only requests signed with <see cref="BedrockKeys"/> or <see cref="BedrockSessionKeys"/>; the server's
/// <c>BedrockEndpoint</c> points at it.
/// </summary>
public sealed class CredentialsFixture : IAsyncLifetime
{
    public const string ServerKey = "sk-ant-server-key-the-fake-refuses";
    public const string CredentialKey = "sk-ant-tenant-credential-7c1f9e";
    public const string GatewayKey = "sk-gateway-tenant-key-41d2aa";

    /// <summary>Long-term AWS keys (no session token).</summary>
    public static readonly FakeAwsKeys BedrockKeys = new("AKIAFAKEBEDROCK7C1F9E", "bedrock/Secret+Key0123456789abcdEXAMPLE01", "us-east-1");

    /// <summary>Temporary AWS keys: the session token must arrive as x-amz-security-token, and nowhere in the sandbox.</summary>
    public static readonly FakeAwsKeys BedrockSessionKeys = new("ASIAFAKEBEDROCK41D2AA", "sts/Temporary+Secret9876543210zyxwEXAMPLE", "eu-west-1", "IQoJb3JpZ2luX2VjFAKE//session+token/for+the+test==");

    public FakeModelServer Model { get; private set; } = null!;

    public FakeModelServer Gateway { get; private set; } = null!;

    public FakeModelServer Internal { get; private set; } = null!;

    public FakeModelServer Bedrock { get; private set; } = null!;

    public TestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Model = await FakeModelServer.StartAsync(CredentialKey);
        Gateway = await FakeModelServer.StartAsync(GatewayKey);
        Internal = await FakeModelServer.StartAsync(GatewayKey);
        Bedrock = await FakeModelServer.StartWithBedrockAsync(GatewayKey, [BedrockKeys, BedrockSessionKeys]);
        Server = await TestServer.StartAsync(Model.BaseUrl, ServerKey, extra: new Dictionary<string, string?>
        {
            ["Ash:Sandbox:ModelProxy:PrivateEndpoints:0"] = $"{Gateway.BaseUrl.Host}:{Gateway.BaseUrl.Port}",
            ["Ash:Sandbox:ModelProxy:BedrockEndpoint"] = Bedrock.BaseUrl.ToString(),
        });
    }

    /// <summary>A client of a new tenant of its own.</summary>
    public async Task<HttpClient> NewTenantAsync() => (await NewTenantWithIdAsync()).Http;

    public async Task<(HttpClient Http, string TenantId)> NewTenantWithIdAsync()
    {
        var key = ApiKeyHash.Generate();
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        await Server.Services.GetRequiredService<IApiKeyStore>().AddAsync(tenant, ApiKeyHash.Hash(key), "credentials test", CancellationToken.None);
        return (Server.CreateClient(key), tenant);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Bedrock.DisposeAsync();
        await Internal.DisposeAsync();
        await Gateway.DisposeAsync();
        await Model.DisposeAsync();
    }
}
