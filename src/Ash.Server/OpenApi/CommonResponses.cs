using Ash.Server.Auth;
using Ash.Server.Errors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ash.Server.OpenApi;

/// <summary>
/// What every operation shares, added by rule rather than on each route: who may call it (the bearer scheme), the
/// answers of the middleware in front of every endpoint (401 without a valid key, 429 over a rate limit, 404 for
/// anyone but the admin on the admin API), 404 on a route with a path parameter (what it names is not found), a
/// malformed body's or query's 400, an oversized body's 413, 503 with
/// Retry-After (database unavailable or busy, no capacity, a server still starting) and <c>default</c>: any other
/// failure carries the same error shape. Error responses point at the shared ones (<see cref="ErrorResponseComponents"/>);
/// streams and downloads (<see cref="RawResponse"/>) join the 200.
/// </summary>
internal sealed class CommonResponses : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        var responses = operation.Responses ??= new OpenApiResponses();
        var admin = metadata.OfType<RequiresAdminKey>().Any();
        var shared = new List<string>();
        if (metadata.OfType<RequiresApiKey>().Any())
        {
            operation.Security = [Requirement(ContractDocument.ApiKeyScheme, document)];
            shared.AddRange(["401", "429"]);
        }
        else if (admin)
        {
            operation.Security = [Requirement(ContractDocument.AdminKeyScheme, document)];
            shared.Add("404");
        }

        // Whatever the path names (a session, an agent, a version, a file) may not exist or be another tenant's.
        if (operation.Parameters?.Any(parameter => parameter.In is ParameterLocation.Path) == true)
        {
            shared.Add("404");
        }

        if (operation.RequestBody is not null)
        {
            shared.AddRange(["400", "413"]);
        }
        else if (operation.Parameters?.Any(parameter => parameter.In is ParameterLocation.Query or ParameterLocation.Header) == true)
        {
            shared.Add("400");
        }

        shared.AddRange(["503", "default"]);
        foreach (var status in shared)
        {
            responses.TryAdd(status, Shared(status, admin, document));
        }

        foreach (var (status, response) in responses.ToList())
        {
            if (IsError(response))
            {
                responses[status] = Shared(status, admin, document);
            }
        }

        foreach (var raw in metadata.OfType<RawResponse>())
        {
            if (!responses.TryGetValue("200", out var existing) || existing is not OpenApiResponse ok)
            {
                responses["200"] = ok = new OpenApiResponse();
            }

            ok.Description = raw.Description;
            ok.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
            ok.Content[raw.ContentType] = new OpenApiMediaType
            {
                Schema = raw.ContentType == ContentResponses.EventStream
                    ? new OpenApiSchema { Type = JsonSchemaType.String }
                    : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
            };
        }

        // By status, then default: the order a reader looks for them in.
        operation.Responses = new OpenApiResponses();
        foreach (var (status, response) in responses.OrderBy(pair => pair.Key == "default" ? "999" : pair.Key, StringComparer.Ordinal))
        {
            operation.Responses[status] = response;
        }

        return Task.CompletedTask;
    }

    private static OpenApiResponseReference Shared(string status, bool adminRoute, OpenApiDocument document) =>
        new(ErrorResponseComponents.NameFor(status, adminRoute), document);

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static bool IsError(IOpenApiResponse response) =>
        response is OpenApiResponse { Content: { } content } && content.Values.Any(media => media.Schema is OpenApiSchemaReference { Reference.Id: nameof(ApiError) });
}
