using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Channels;
using Ash.Core.Events;
using Ash.Dapr.Client;
using Ash.Dapr.Events;
using Ash.Dapr.Tests.Client;
using Ash.Storage.Sqlite;
using Ash.Testing.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ash.Dapr.Tests.Events;

/// <summary>The publish loop against a sidecar that fails in each way an HTTP call can: it retries, and goes on publishing.</summary>
public sealed class DaprEventBusTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ash-dapr-bus-" + Guid.NewGuid().ToString("N"));
    private SqliteDatabase _database = null!;

    public async ValueTask InitializeAsync() =>
        _database = await SqliteDatabase.OpenAsync(Path.Combine(_directory, "ash.db"), fullSync: false, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Publish_AfterATimeout_ABrokenConnection_AndARefusal_RetriesAndKeepsPublishing()
    {
        var published = Channel.CreateUnbounded<byte[]>();
        var sidecar = new ScriptedSidecar(
            async request =>
            {
                published.Writer.TryWrite(await request.Content!.ReadAsByteArrayAsync());
                return new HttpResponseMessage(HttpStatusCode.NoContent);
            },
            ScriptedSidecar.TimesOut,
            ScriptedSidecar.CutsOff,
            _ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("""{"errorCode":"ERR_PUBSUB_PUBLISH_MESSAGE"}""") });
        using var http = new HttpClient(sidecar);
        var dapr = new DaprClient(http, new DaprClientOptions(new Uri("http://127.0.0.1:3500/"), ApiToken: null));
        await using var bus = new DaprEventBus(dapr, new SqliteEventLog(_database), new DaprEventTopic(), NullLogger<DaprEventBus>.Instance);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        bus.Publish(first, [Event(first, 1)]);
        var delivered = await NextAsync(published.Reader);
        bus.Publish(second, [Event(second, 1)]);
        var next = await NextAsync(published.Reader);

        Assert.Equal(5, sidecar.Calls);
        Assert.Equal(first, SessionOf(delivered));
        Assert.Equal(second, SessionOf(next));
    }

    private static SessionEvent Event(Guid session, long sequence) =>
        new(session, "default", sequence, 1, "text_delta", """{"delta":"x"}"""u8.ToArray(), DateTimeOffset.UtcNow);

    private static async Task<byte[]> NextAsync(ChannelReader<byte[]> published)
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        return await published.ReadAsync(timeout.Token);
    }

    private static Guid SessionOf(byte[] body) => JsonDocument.Parse(body).RootElement.GetProperty("sessionId").GetGuid();
}
