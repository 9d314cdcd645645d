using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ash.Dapr.Client;

/// <summary>Reads daprd's error body, <c>{"errorCode":"ERR_…","message":"…"}</c>, into a <see cref="DaprException"/>.</summary>
internal static partial class DaprError
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

        var status = (int)response.StatusCode;
        if (AppAnswer(message) is { } app)
        {
            return new DaprException(response.StatusCode, code,
                $"Dapr {operation} failed: the actor's app answered {app.Status}{(app.Code is null ? "" : " " + app.Code)}: {app.Message}", app.Status, app.Code, app.Message);
        }

        var shown = string.IsNullOrWhiteSpace(message) ? $"HTTP {status}" : message;
        return new DaprException(response.StatusCode, code, $"Dapr {operation} failed ({status}{(code is null ? "" : " " + code)}): {shown}");
    }

    public static DaprException Unreachable(string operation, Exception inner) =>
        new(HttpStatusCode.ServiceUnavailable, null, $"Dapr {operation} failed: the sidecar did not answer ({inner.Message})");

    /// <summary>
    /// daprd reports an app's non-200 to an actor call as <c>error from actor service: (&lt;status&gt;) &lt;body&gt;</c>
    /// inside its own message (dapr-http-api.md §1.2, <c>targets/app/app.go</c>). When the body is our error
    /// shape, its message and code are what the caller should see.
    /// </summary>
    internal static (int Status, string? Code, string Message)? AppAnswer(string daprMessage)
    {
        var match = EmbeddedAppAnswer().Match(daprMessage);
        if (!match.Success)
        {
            return null;
        }

        var status = int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture);
        var body = match.Groups["body"].Value.Trim();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                var code = root.TryGetProperty("code", out var codeValue) && codeValue.ValueKind == JsonValueKind.String ? codeValue.GetString() : null;
                return (status, code, error.GetString() ?? body);
            }
        }
        catch (JsonException)
        {
            // Some other body: shown as it came.
        }

        return (status, null, string.IsNullOrWhiteSpace(body) ? $"HTTP {status}" : body);
    }

    [GeneratedRegex(@"error from actor service: \((?<status>\d{3})\)\s*(?<body>.*)\z", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex EmbeddedAppAnswer();
}
