using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ash.Server.OpenApi;

/// <summary>
/// Request bodies as clients must send them: a handler's body parameter is nullable (so that a missing body gets our
/// own 400 with a message), which the generator shows as an optional <c>null | T</c>; here the body is required and
/// of <c>T</c>. A body the handler reads itself (<see cref="DocumentedRequestBody"/>) is described by its type.
/// </summary>
internal sealed class RequestBodies : IOpenApiOperationTransformer
{
    private const string Json = "application/json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedRequestBody>().LastOrDefault() is { } documented)
        {
            var schema = await context.GetOrCreateSchemaAsync(documented.Type, null, cancellationToken);
            context.Document!.AddComponent(documented.Type.Name, schema);
            operation.RequestBody = new OpenApiRequestBody
            {
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [Json] = new() { Schema = new OpenApiSchemaReference(documented.Type.Name, context.Document) },
                },
            };
        }

        if (operation.RequestBody is not OpenApiRequestBody body)
        {
            return;
        }

        body.Required = true;
        foreach (var media in body.Content?.Values ?? [])
        {
            if (media.Schema is OpenApiSchema { OneOf: [OpenApiSchema { Type: JsonSchemaType.Null }, var value] })
            {
                media.Schema = value;
            }
        }
    }
}
