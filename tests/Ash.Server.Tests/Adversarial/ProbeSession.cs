using System.Net;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>A session running the probe runtime; ended (DELETE) when disposed.</summary>
public sealed class ProbeSession(HttpClient http, Guid id) : IAsyncDisposable
{
    public Guid Id { get; } = id;

    /// <summary>Runs a shell script (or a <c>[[probe:…]]</c> directive) as one turn; fails the test when the turn has no answer.</summary>
    public async Task<ProbeResult> RunAsync(string script, TimeSpan? timeout = null) =>
        ProbeResult.From(await SendAsync(script, timeout));

    /// <summary>The turn's raw SSE frames, for attacks that may end their own turn with an error.</summary>
    public Task<List<SseFrame>> SendAsync(string script, TimeSpan? timeout = null) =>
        Api.SendAsync(http, Id, script, partial: false, timeout: timeout ?? TimeSpan.FromSeconds(90));

    public async ValueTask DisposeAsync()
    {
        using var response = await http.DeleteAsync($"/api/sessions/{Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
