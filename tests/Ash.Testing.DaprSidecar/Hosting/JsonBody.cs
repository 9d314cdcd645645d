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
}
