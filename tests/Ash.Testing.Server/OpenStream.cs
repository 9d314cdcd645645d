using System.Net;
using System.Net.Http.Json;

namespace Ash.Testing.Server;

/// <summary>A message's SSE response read frame by frame, so a test can act in the middle of a turn.</summary>
public sealed class OpenStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseFrame> _frames;
    private readonly CancellationTokenSource _timeout;

    private OpenStream(HttpResponseMessage response, IAsyncEnumerator<SseFrame> frames, CancellationTokenSource timeout)
    {
        _response = response;
        _frames = frames;
        _timeout = timeout;
    }

    public List<SseFrame> Seen { get; } = [];

    public static async Task<OpenStream> SendAsync(HttpClient http, Guid sessionId, string content)
    {
        var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/messages")
        {
            Content = JsonContent.Create(new { content, includePartialMessages = true }),
        };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await Api.EnsureStatusAsync(response, HttpStatusCode.OK);
        var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        return new OpenStream(response, SseReader.ReadAsync(stream, timeout.Token).GetAsyncEnumerator(timeout.Token), timeout);
    }

    /// <summary>Reads until a frame of this type arrives (inclusive) and returns it.</summary>
    public async Task<SseFrame> ReadUntilAsync(string eventType)
    {
        while (await _frames.MoveNextAsync())
        {
            Seen.Add(_frames.Current);
            if (_frames.Current.Event == eventType)
            {
                return _frames.Current;
            }
        }

        throw new InvalidOperationException($"stream ended before a '{eventType}' frame; saw: {string.Join(",", Seen.Select(f => f.Event))}");
    }

    public async Task<List<SseFrame>> ReadToEndAsync()
    {
        while (await _frames.MoveNextAsync())
        {
            Seen.Add(_frames.Current);
        }

        return Seen;
    }

    public async ValueTask DisposeAsync()
    {
        await _frames.DisposeAsync();
        _response.Dispose();
        _timeout.Dispose();
    }
}
