using System.Net;
using System.Net.Http.Json;
using Ash.Core.Credentials;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Credentials;

/// <summary>
/// A <c>custom</c> credential cannot turn the model proxy against the server's neighbours: a base URL on a loopback,
/// private or link-local address (or plain http) is refused at create unless the operator listed it, and one that got
/// stored anyway (a name that resolves there, a row from before this check) is refused by the proxy at connect time.
/// </summary>
public sealed class CredentialEndpointGuardTests(CredentialsFixture platform) : IClassFixture<CredentialsFixture>
{
    [Theory]
    [InlineData("https://127.0.0.1:8443")]
    [InlineData("https://localhost")]
    [InlineData("https://api.localhost:8443")]
    [InlineData("https://169.254.169.254/latest")]
    [InlineData("https://10.1.2.3")]
    [InlineData("https://172.20.0.1")]
    [InlineData("https://192.168.1.10")]
    [InlineData("https://100.64.0.1")]
    [InlineData("https://[::1]:8443")]
    [InlineData("https://[fd00::1]")]
    [InlineData("https://[fe80::1]")]
    [InlineData("https://[::ffff:127.0.0.1]")]
    [InlineData("https://0.0.0.0")]
    public async Task Create_WithAPrivateOrLoopbackBaseUrl_Is400(string baseUrl)
    {
        using var http = await platform.NewTenantAsync();

        using var response = await http.PostAsJsonAsync("/api/credentials", new { type = "custom", key = "k", baseUrl });

        var message = await CredentialCalls.AssertErrorAsync(response, HttpStatusCode.BadRequest, "base_url_not_allowed");
        Assert.Contains("baseUrl", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OverPlainHttp_Is400_UnlessTheOperatorListedTheEndpoint()
    {
        using var http = await platform.NewTenantAsync();

        using var plain = await http.PostAsJsonAsync("/api/credentials", new { type = "custom", key = "k", baseUrl = "http://gateway.example.com" });
        Assert.Contains("https", await CredentialCalls.AssertErrorAsync(plain, HttpStatusCode.BadRequest, "base_url_not_allowed"), StringComparison.Ordinal);

        // Not listed: the other loopback server, on its own port.
        using var other = await http.PostAsJsonAsync("/api/credentials", new { type = "custom", key = "k", baseUrl = platform.Internal.BaseUrl.ToString() });
        await CredentialCalls.AssertErrorAsync(other, HttpStatusCode.BadRequest, "base_url_not_allowed");

        Assert.NotNull(await CredentialCalls.CreateIdAsync(http, new { type = "custom", key = "k", baseUrl = "https://gateway.example.com/anthropic" }));
        Assert.NotNull(await CredentialCalls.CreateIdAsync(http, new { type = "custom", key = "k", baseUrl = platform.Gateway.BaseUrl.ToString() }));
    }

    [Fact]
    public async Task Turn_WithAStoredEndpointThatIsNotPublic_IsRefusedByTheProxy_AndTheServiceThereSeesNothing()
    {
        var (http, tenant) = await platform.NewTenantWithIdAsync();
        using var _ = http;
        var agent = await Api.DeployAgentAsync(http);

        // Stored past the create check, as a row from before it or a name re-pointed after it would be.
        var credentials = platform.Server.Services.GetRequiredService<ModelCredentials>();
        var stored = await credentials.CreateAsync(tenant, CredentialTypes.Custom, CredentialsFixture.GatewayKey, "internal", platform.Internal.BaseUrl, CancellationToken.None);
        var session = await Api.CreateSessionAsync(http, agent, new { credentialId = stored.Id });

        var frames = await Api.SendAsync(http, session, "reach the internal service", timeout: TimeSpan.FromSeconds(120));

        Assert.Equal("done", frames[^1].Event);
        var error = Assert.Single(frames, f => f.Event == "error");
        Assert.Contains("private or link-local", error.Data, StringComparison.Ordinal);
        Assert.Empty(platform.Internal.Requests);
        Assert.Equal("active", await Api.StatusOfAsync(http, session));
    }
}
