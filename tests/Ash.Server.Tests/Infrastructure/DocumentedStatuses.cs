using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ash.Server.Tests.Infrastructure;

/// <summary>
/// Holds the OpenAPI document to what the server does: every test server records each answer an endpoint gives with a
/// status that docs/openapi.json does not list for that operation, and fails the test when it stops. So the whole
/// suite, with its error cases, checks that the document names every status a route really answers with. (Answers
/// given before an endpoint runs, 401, 429 and the admin API's 404, are the middleware's, listed for every route.)
/// </summary>
public sealed class DocumentedStatuses
{
    // A missing or broken document is the drift test's failure (OpenApiDocumentTests): nothing is checked against it here.
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlySet<string>>> Committed = new(() =>
        File.Exists(RepositoryPaths.OpenApiDocument) ? Read(File.ReadAllText(RepositoryPaths.OpenApiDocument)) : new Dictionary<string, IReadOnlySet<string>>());

    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>> _byOperation;
    private readonly ConcurrentQueue<string> _undocumented = new();

    public DocumentedStatuses(IReadOnlyDictionary<string, IReadOnlySet<string>>? byOperation = null)
    {
        _byOperation = byOperation ?? Committed.Value;
    }

    /// <summary>Each answer so far that the document does not list, as "GET /api/… (operationId) answered 410".</summary>
    public IReadOnlyList<string> Undocumented => [.. _undocumented];

    /// <summary>The statuses each operation lists (its <c>responses</c> keys), by operation id.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(string document)
    {
        var statuses = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        try
        {
            foreach (var (_, path) in JsonNode.Parse(document)?["paths"]?.AsObject() ?? [])
            {
                foreach (var (_, operation) in path?.AsObject() ?? [])
                {
                    if (operation?["operationId"]?.GetValue<string>() is { } id)
                    {
                        statuses[id] = operation["responses"]?.AsObject().Select(response => response.Key).ToHashSet(StringComparer.Ordinal) ?? [];
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return statuses;
    }

    /// <summary>Checks every answer <paramref name="app"/>'s endpoints give from now on.</summary>
    public void Watch(WebApplication app) =>
        app.Use(async (context, next) =>
        {
            await next(context);
            Check(context);
        });

    public void Check(HttpContext context)
    {
        var operation = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        if (operation is null || !_byOperation.TryGetValue(operation, out var listed))
        {
            return;
        }

        var status = context.Response.StatusCode.ToString(CultureInfo.InvariantCulture);
        if (!listed.Contains(status))
        {
            _undocumented.Enqueue($"{context.Request.Method} {context.Request.Path} ({operation}) answered {status}");
        }
    }
}
