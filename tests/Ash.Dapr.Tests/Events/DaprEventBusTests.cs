using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Channels;
using Ash.Core.Events;
using Ash.Dapr.Client;
using Ash.Dapr.Events;
using Ash.Storage.Sqlite;
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
        var sidecar = new ScriptedSidecar(
            _ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()),
            _ => throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely"),
            _ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("""{"errorCode":"ERR_PUBSUB_PUBLISH_MESSAGE"}""") });
        using var http = new HttpClient(sidecar);
        var dapr = new DaprClient(http, new DaprClientOptions(new Uri("http://127.0.0.1:3500/"), ApiToken: null));
        await using var bus = new DaprEventBus(dapr, new SqliteEventLog(_database), new DaprEventTopic(), NullLogger<DaprEventBus>.Instance);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        bus.Publish(first, [Event(first, 1)]);
        var delivered = await sidecar.NextPublishedAsync();
        bus.Publish(second, [Event(second, 1)]);
        var next = await sidecar.NextPublishedAsync();

        Assert.Equal(5, sidecar.Calls);
        Assert.Equal(first, SessionOf(delivered));
        Assert.Equal(second, SessionOf(next));
    }

    private static SessionEvent Event(Guid session, long sequence) =>
        new(session, "default", sequence, 1, "text_delta", """{"delta":"x"}"""u8.ToArray(), DateTimeOffset.UtcNow);

    private static Guid SessionOf(byte[] body) => JsonDocument.Parse(body).RootElement.GetProperty("sessionId").GetGuid();

    /// <summary>A sidecar answering each publish with the next failure of its script, then 204 for every call after it.</summary>
    private sealed class ScriptedSidecar(params Func<HttpRequestMessage, HttpResponseMessage>[] failures) : HttpMessageHandler
    {
        private readonly Channel<byte[]> _published = Channel.CreateUnbounded<byte[]>();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public async Task<byte[]> NextPublishedAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await _published.Reader.ReadAsync(timeout.Token);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            if (call <= failures.Length)
            {
                return failures[call - 1](request);
            }

            _published.Writer.TryWrite(await request.Content!.ReadAsByteArrayAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }
    }
}
