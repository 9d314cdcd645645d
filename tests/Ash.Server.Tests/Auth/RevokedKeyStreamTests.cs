using System.Diagnostics;
using System.Net;
using Ash.Core.Auth;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Auth;

/// <summary>Open SSE streams of a revoked key end promptly, with a last <c>error</c> frame saying why.</summary>
public sealed class RevokedKeyStreamTests(TenantsFixture platform) : IClassFixture<TenantsFixture>
{
    /// <summary>Far longer than either path needs (at once here; one watch interval for a revocation made elsewhere), far shorter than the turn.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task MessageStream_KeyRevokedThroughTheApi_EndsWithApiKeyRevoked()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        using var owner = platform.Server.CreateClient(key);
        var (streamKeyId, streamKey) = await TenantCalls.CreateKeyAsync(owner, "streamer");
        using var streamer = platform.Server.CreateClient(streamKey);
        var session = await Api.CreateSessionAsync(streamer, await Api.DeployAgentAsync(streamer));
        await using var stream = await OpenStream.SendAsync(streamer, session, "[[slow:500:120]]");
        await stream.ReadUntilAsync("text_delta");

        Assert.Equal(HttpStatusCode.NoContent, (await TenantCalls.StatusAsync(owner, HttpMethod.Delete, $"/api/api-keys/{streamKeyId}")).Status);
        var clock = Stopwatch.StartNew();
        var frames = await stream.ReadToEndAsync().WaitAsync(Prompt);

        AssertEndedRevoked(frames, clock.Elapsed);
        Assert.DoesNotContain(frames, f => f.Event == "done");
    }

    [Fact]
    public async Task SessionStream_KeyRevokedElsewhere_EndsWithinTheWatchInterval()
    {
        var (tenantId, key, _) = await platform.NewTenantAsync();
        using var owner = platform.Server.CreateClient(key);
        var (streamKeyId, streamKey) = await TenantCalls.CreateKeyAsync(owner, "watcher");
        using var watcher = platform.Server.CreateClient(streamKey);
        var session = await Api.CreateSessionAsync(watcher, await Api.DeployAgentAsync(watcher));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session}/stream");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await watcher.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await Api.EnsureStatusAsync(response, HttpStatusCode.OK);
        var reading = ReadAllAsync(await response.Content.ReadAsStreamAsync(timeout.Token), timeout.Token);

        // Straight in the store, as another API replica would: this process hears of it only through its watch.
        var revoked = await platform.Server.Services.GetRequiredService<IApiKeyStore>().RevokeAsync(tenantId, Guid.Parse(streamKeyId), keepLastKey: true, CancellationToken.None);
        Assert.Equal(KeyRevocation.Revoked, revoked);
        var clock = Stopwatch.StartNew();
        var frames = await reading.WaitAsync(Prompt);

        AssertEndedRevoked(frames, clock.Elapsed);
    }

    [Fact]
    public async Task MessageStream_TenantDisabled_EndsWithApiKeyRevoked()
    {
        var (tenantId, key, _) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);
        var session = await Api.CreateSessionAsync(http, await Api.DeployAgentAsync(http));
        await using var stream = await OpenStream.SendAsync(http, session, "[[slow:500:120]]");
        await stream.ReadUntilAsync("text_delta");

        using var admin = platform.Admin();
        using var disabled = await admin.DeleteAsync($"/api/admin/tenants/{tenantId}");
        await Api.EnsureStatusAsync(disabled, HttpStatusCode.OK);
        var frames = await stream.ReadToEndAsync().WaitAsync(Prompt);

        Assert.Equal("api_key_revoked", frames[^1].Json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task MessageStream_AnotherKeyRevoked_RunsToItsEnd()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);
        var (otherId, _) = await TenantCalls.CreateKeyAsync(http, "other");
        var session = await Api.CreateSessionAsync(http, await Api.DeployAgentAsync(http));
        await using var stream = await OpenStream.SendAsync(http, session, "[[slow:100:10]]");
        await stream.ReadUntilAsync("text_delta");

        Assert.Equal(HttpStatusCode.NoContent, (await TenantCalls.StatusAsync(http, HttpMethod.Delete, $"/api/api-keys/{otherId}")).Status);
        var frames = await stream.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("done", frames[^1].Event);
        Assert.DoesNotContain(frames, f => f.Event == "error");
    }

    private static void AssertEndedRevoked(List<SseFrame> frames, TimeSpan elapsed)
    {
        var last = frames[^1];
        Assert.Equal("error", last.Event);
        Assert.Null(last.Id);
        Assert.Equal("api_key_revoked", last.Json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(last.Json.GetProperty("error").GetString()));
        Assert.True(elapsed < Prompt, $"the stream took {elapsed} to end");
    }

    private static async Task<List<SseFrame>> ReadAllAsync(Stream body, CancellationToken cancellationToken)
    {
        var frames = new List<SseFrame>();
        await foreach (var frame in SseReader.ReadAsync(body, cancellationToken))
        {
            frames.Add(frame);
        }

        return frames;
    }
}
