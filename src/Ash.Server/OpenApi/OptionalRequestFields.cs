using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ash.Server.OpenApi;

/// <summary>
/// In what clients send, a nullable field may be left out: the generator marks every constructor parameter of a
/// record as required, which is right for the answers (every field is always written, null or not) and wrong for the
/// requests, whose fields are nullable precisely so that a missing one gets our own 400 naming it. This runs over the
/// schemas request bodies reach and drops the nullable fields from their <c>required</c>.
/// </summary>
internal sealed class OptionalRequestFields : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var seen = new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance);
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                Visit(media.Schema, document, seen);
            }
        }

        return Task.CompletedTask;
    }

    private static void Visit(IOpenApiSchema? schema, OpenApiDocument document, HashSet<IOpenApiSchema> seen)
    {
        if (schema is OpenApiSchemaReference reference && document.Components?.Schemas is { } components)
        {
            components.TryGetValue(reference.Reference.Id!, out schema);
        }

        if (schema is not OpenApiSchema target || !seen.Add(target))
        {
            return;
        }

        foreach (var (name, property) in target.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (IsNullable(property))
            {
                target.Required?.Remove(name);
            }

            Visit(property, document, seen);
        }

        Visit(target.Items, document, seen);
        Visit(target.AdditionalProperties, document, seen);
        foreach (var alternative in target.OneOf ?? [])
        {
            Visit(alternative, document, seen);
        }
    }

    private static bool IsNullable(IOpenApiSchema schema) =>
        schema.Type?.HasFlag(JsonSchemaType.Null) == true
        || schema.OneOf?.Any(alternative => alternative.Type == JsonSchemaType.Null) == true
        || schema is OpenApiSchema { Type: null, OneOf: null, AnyOf: null, AllOf: null };
}
