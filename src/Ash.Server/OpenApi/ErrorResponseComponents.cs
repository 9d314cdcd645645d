using Ash.Server.Errors;
using Microsoft.OpenApi;

namespace Ash.Server.OpenApi;

/// <summary>
/// One shared response per error status (<c>#/components/responses/…</c>), each the <see cref="ApiError"/> shape with
/// what that status means here; every operation's error responses point at these.
/// </summary>
internal static class ErrorResponseComponents
{
    public const string AdminNotFound = "AdminNotFound";

    private static readonly Dictionary<string, (string Name, string Description)> ByStatus = new(StringComparer.Ordinal)
    {
        ["400"] = ("BadRequest", "Invalid request: a value out of range or in the wrong state (`invalid_request`, `invalid_state`, …), a body that is not JSON of the expected shape (`invalid_json`, `unknown_field`) or a query value that does not parse (`invalid_query`); the message names the field."),
        ["401"] = ("Unauthorized", "No valid API key (`missing_api_key`, `invalid_authorization`, `invalid_api_key`)."),
        ["404"] = ("NotFound", "Not found, or another tenant's (`session_not_found`, `agent_not_found`, …: the code says which)."),
        ["409"] = ("Conflict", "Conflicts with the current state (`version_active`, `last_api_key`, `tenant_exists`, …: the code says which)."),
        ["410"] = ("Gone", "The session has ended (`session_ended`, `session_files_removed`)."),
        ["413"] = ("PayloadTooLarge", "The request body, or what it holds or unpacks to, is too large."),
        ["415"] = ("UnsupportedMediaType", "The body is not sent as `application/json` (`unsupported_media_type`)."),
        ["429"] = ("TooManyRequests", "Over the API key's or the tenant's rate limit (`rate_limited`); nothing was changed. Retry after `Retry-After` seconds."),
        ["503"] = ("ServiceUnavailable", "Not now: no capacity, the database unavailable or busy, the server starting (`capacity`, `database_unavailable`, `database_busy`, `starting`, …). Retry after `Retry-After` seconds."),
        ["507"] = ("InsufficientStorage", "Out of space (`insufficient_storage`, `event_log_full`)."),
        ["default"] = ("Error", "Any other failure (500 `internal_error`, 507 `insufficient_storage`, …), in the same shape."),
    };

    private const string AdminNotFoundDescription =
        "Not found; also the answer to any caller without the admin key, so the admin API cannot be found by probing (`route_not_found`).";

    /// <summary>The component for <paramref name="status"/>; an error status without one is a mistake in the routes, said at generation.</summary>
    public static string NameFor(string status, bool adminRoute) =>
        status == "404" && adminRoute ? AdminNotFound
        : ByStatus.TryGetValue(status, out var known) ? known.Name
        : throw new InvalidOperationException($"No shared error response for status {status}: add one to {nameof(ErrorResponseComponents)}");

    public static void AddTo(OpenApiDocument document)
    {
        var components = document.Components ??= new OpenApiComponents();
        components.Responses ??= new Dictionary<string, IOpenApiResponse>(StringComparer.Ordinal);
        foreach (var (status, (name, description)) in ByStatus)
        {
            components.Responses[name] = Response(document, description, retryAfter: status is "429" or "503");
        }

        components.Responses[AdminNotFound] = Response(document, AdminNotFoundDescription, retryAfter: false);
    }

    private static OpenApiResponse Response(OpenApiDocument document, string description, bool retryAfter) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(ApiError), document) },
        },
        Headers = retryAfter
            ? new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before trying again (at least 1).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                },
            }
            : null,
    };
}
