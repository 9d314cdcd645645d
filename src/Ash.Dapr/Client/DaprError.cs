using System.Net;
using System.Text.Json;

namespace Ash.Dapr.Client;

/// <summary>Reads daprd's error body, <c>{"errorCode":"ERR_…","message":"…"}</c>, into a <see cref="DaprException"/>.</summary>
internal static class DaprError
{
    public static async Task<DaprException> ReadAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string? code = null;
        var message = body;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("errorCode", out var errorCode) && errorCode.ValueKind == JsonValueKind.String)
                {
                    code = errorCode.GetString();
                }

                if (document.RootElement.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    message = text.GetString() ?? body;
                }
            }
        }
        catch (JsonException)
        {
            // Not daprd's JSON (a proxy in between, an app's own body): keep the text as it came.
        }

        var shown = string.IsNullOrWhiteSpace(message) ? $"HTTP {(int)response.StatusCode}" : message;
        return new DaprException(response.StatusCode, code, $"Dapr {operation} failed ({(int)response.StatusCode}{(code is null ? "" : " " + code)}): {shown}");
    }

    public static DaprException Unreachable(string operation, Exception inner) =>
        new(HttpStatusCode.ServiceUnavailable, null, $"Dapr {operation} failed: the sidecar did not answer ({inner.Message})");
}
