using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Ash.Sandbox.Tests.ModelProxy;

/// <summary>What the upstream saw of one request: its body is counted as it is read, never kept.</summary>
internal sealed record UpstreamRequest(string Method, string PathAndQuery, string? ApiKey, string? Authorization, string? ContentType, long? DeclaredLength, long BodyBytes);

/// <summary>
/// The model upstream as the proxy's HttpClient handler: records every request as it arrives (before its
/// body), reads the body as a server would, in pieces, and answers with <see cref="Answer"/>.
/// </summary>
internal sealed class RecordingUpstream : HttpMessageHandler
{
    private readonly ConcurrentQueue<string> _arrivals = new();
    private readonly ConcurrentQueue<UpstreamRequest> _completed = new();

    /// <summary>Every request that reached the upstream at all, as "METHOD path?query".</summary>
    public IReadOnlyCollection<string> Arrivals => _arrivals;

    /// <summary>Requests whose body the upstream read to the end.</summary>
    public IReadOnlyCollection<UpstreamRequest> Completed => _completed;

    /// <summary>The names of every request's headers, as the upstream got them.</summary>
    public ConcurrentQueue<IReadOnlyList<string>> HeaderNames { get; } = new();

    /// <summary>Set when the upstream has read the first bytes of a body.</summary>
    public TaskCompletionSource FirstBodyBytes { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<HttpContent> Answer { get; set; } = () => new StringContent("event: message_stop\ndata: {}\n\n", Encoding.UTF8, "text/event-stream");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _arrivals.Enqueue($"{request.Method} {request.RequestUri!.PathAndQuery}");
        HeaderNames.Enqueue([.. request.Headers.Select(header => header.Key)]);
        var body = new CountingStream(FirstBodyBytes);
        if (request.Content is not null)
        {
            // As SocketsHttpHandler sends content: the content writes itself into the connection's stream.
            await request.Content.CopyToAsync(body, cancellationToken);
        }

        _completed.Enqueue(new UpstreamRequest(
            request.Method.Method,
            request.RequestUri.PathAndQuery,
            Header(request, "x-api-key"),
            Header(request, "authorization"),
            request.Content?.Headers.ContentType?.ToString(),
            request.Content?.Headers.ContentLength,
            body.Length));
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = Answer() };
    }

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>Where the upstream writes a body: counted, then thrown away.</summary>
    private sealed class CountingStream(TaskCompletionSource firstBytes) : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _length += buffer.Length;
            if (buffer.Length > 0)
            {
                firstBytes.TrySetResult();
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
