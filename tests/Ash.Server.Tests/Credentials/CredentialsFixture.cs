using Ash.Core.Auth;
using Ash.Server.Tests.Infrastructure;
using Ash.Testing.FakeModel;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Credentials;

/// <summary>
/// A server whose own upstream key the fake model refuses: a turn succeeds only with a stored credential's
/// key. A second fake model stands for a tenant's own Anthropic-compatible gateway (a <c>custom</c> credential), on
/// loopback and so allowed by the operator (<c>PrivateEndpoints</c>); a third, also on loopback but not allowed, stands
/// for a service beside the server that a tenant must not reach through the proxy.
/// </summary>
public sealed class CredentialsFixture : IAsyncLifetime
{
    public const string ServerKey = "sk-ant-server-key-the-fake-refuses";
    public const string CredentialKey = "sk-ant-tenant-credential-7c1f9e";
    public const string GatewayKey = "sk-gateway-tenant-key-41d2aa";

    public FakeModelServer Model { get; private set; } = null!;

    public FakeModelServer Gateway { get; private set; } = null!;

    public FakeModelServer Internal { get; private set; } = null!;

    public TestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Model = await FakeModelServer.StartAsync(CredentialKey);
        Gateway = await FakeModelServer.StartAsync(GatewayKey);
        Internal = await FakeModelServer.StartAsync(GatewayKey);
        Server = await TestServer.StartAsync(Model.BaseUrl, ServerKey, extra: new Dictionary<string, string?>
        {
            ["Ash:Sandbox:ModelProxy:PrivateEndpoints:0"] = $"{Gateway.BaseUrl.Host}:{Gateway.BaseUrl.Port}",
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
        await Internal.DisposeAsync();
        await Gateway.DisposeAsync();
        await Model.DisposeAsync();
    }
}
