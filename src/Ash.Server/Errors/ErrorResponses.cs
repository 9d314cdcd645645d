namespace Ash.Server.Errors;

/// <summary>
/// Declares the error statuses a route answers with, each carrying <see cref="ApiError"/>, for the OpenAPI document
/// (docs/openapi.json). The statuses every route shares (401, 429, 503, a malformed body's 400, a path parameter's 404, …)
/// are added there by rule (<see cref="OpenApi.CommonResponses"/>); a route declares its own.
/// </summary>
public static class ErrorResponses
{
    private static readonly string[] Json = ["application/json"];

    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiError), Json));
        }

        return builder;
    }
}
