using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Ash.Testing.DaprSidecar.Hosting;

/// <summary>A request body as a JSON document, or null when it is not JSON (the caller answers 400).</summary>
internal static class JsonBody
{
    public static async Task<JsonDocument?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>For bodies that may be empty: an empty body is valid and yields no document.</summary>
    public static async Task<(bool IsValid, JsonDocument? Document)> ReadOptionalAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return (true, null);
        }

        try
        {
            return (true, JsonDocument.Parse(buffer.ToArray()));
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }
}
