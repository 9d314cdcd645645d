using Ash.Testing.DaprSidecar.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ash.Testing.DaprSidecar.Actors;

/// <summary>What the sidecar sends to the hosting app for an actor call: body, content type, query and headers.</summary>
internal sealed record ForwardedCall(byte[] Body, string? ContentType, string QueryString, IReadOnlyList<KeyValuePair<string, string[]>> Headers)
{
    public static ForwardedCall Json(byte[] body) => new(body, "application/json", "", []);

    public static async Task<ForwardedCall> FromRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var headers = request.Headers
            .Where(header => !HopByHopHeaders.Contains(header.Key) && !header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            .Select(header => KeyValuePair.Create(header.Key, header.Value.Where(v => v is not null).Select(v => v!).ToArray()))
            .ToList();
        return new ForwardedCall(buffer.ToArray(), request.ContentType, request.QueryString.Value ?? "", headers);
    }

    public void CopyTo(HttpRequestMessage message)
    {
        message.Content = new ByteArrayContent(Body);
        if (ContentType is not null)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        foreach (var (name, values) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, values);
        }
    }
}
