using Microsoft.AspNetCore.Http;

namespace Ash.Testing.FakeModel;

/// <summary>Keeps every request in arrival order so tests can assert on what the client sent.</summary>
internal sealed class RequestRecorder
{
    private readonly Lock gate = new();
    private readonly List<RecordedModelRequest> requests = [];

    public void Record(HttpRequest request, string body, IReadOnlyList<string> userTexts)
    {
        var recorded = new RecordedModelRequest(
            request.Path.Value ?? "/",
            HeaderOrNull(request.Headers, "x-api-key"),
            HeaderOrNull(request.Headers, "Authorization"),
            body,
            userTexts,
            request.Headers.Select(header => new KeyValuePair<string, string>(header.Key, header.Value.ToString())).ToArray());
        lock (gate)
        {
            requests.Add(recorded);
        }
    }

    public IReadOnlyList<RecordedModelRequest> Snapshot()
    {
        lock (gate)
        {
            return requests.ToArray();
        }
    }

    private static string? HeaderOrNull(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var value) ? value.ToString() : null;
}
