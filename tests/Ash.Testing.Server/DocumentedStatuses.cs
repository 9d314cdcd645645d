using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ash.Testing.Server;

/// <summary>
/// Holds the OpenAPI document to what the server does: every test server checks each answer its endpoints give, just
/// before it is sent, against the statuses docs/openapi.json lists for that operation. An answer to a
/// <see cref="TestServer"/> client fails that request with the reason (<see cref="DocumentedStatusHandler"/>); any
/// other (another client, the CLI) fails the test when the server stops. So the whole suite, with its error cases,
/// checks that the document names every status a route really answers with. (Answers given before an endpoint runs,
/// 401, 429 and the admin API's 404, are the middleware's, listed for every route by rule; answers written by the
/// exception handler are under <c>default</c>.)
/// </summary>
public sealed class DocumentedStatuses
{
    // A missing or broken document is the drift test's failure (OpenApiDocumentTests): nothing is checked against it here.
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlySet<string>>> Committed = new(() =>
        File.Exists(RepositoryPaths.OpenApiDocument) ? Read(File.ReadAllText(RepositoryPaths.OpenApiDocument)) : new Dictionary<string, IReadOnlySet<string>>());

    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>> _byOperation;
    /// <summary>The header a <see cref="DocumentedStatusHandler"/> marks each request with, to find its own answer's check.</summary>
    public const string RequestHeader = "X-Ash-Test-Request";

    private readonly ConcurrentQueue<string> _undocumented = new();
    private readonly ConcurrentDictionary<string, string> _byRequest = new(StringComparer.Ordinal);
    private int _checked;

    public DocumentedStatuses(IReadOnlyDictionary<string, IReadOnlySet<string>>? byOperation = null)
    {
        _byOperation = byOperation ?? Committed.Value;
    }

    /// <summary>How many answers of documented operations were checked so far.</summary>
    public int Checked => Volatile.Read(ref _checked);

    /// <summary>Each answer so far that the document does not list and no <see cref="DocumentedStatusHandler"/> reported, as "GET /api/… (operationId) answered 410".</summary>
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

    /// <summary>Checks every answer <paramref name="app"/>'s endpoints give from now on, as its headers go out (the status is final then, and the client has nothing yet).</summary>
    public void Watch(WebApplication app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                Check(context);
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>Why the request marked <paramref name="requestId"/> was answered with an undocumented status, or null.</summary>
    public string? TakeFor(string requestId) => _byRequest.TryRemove(requestId, out var reason) ? reason : null;

    public void Check(HttpContext context)
    {
        var operation = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        if (operation is null || context.Features.Get<IExceptionHandlerFeature>() is not null || !_byOperation.TryGetValue(operation, out var listed))
        {
            return;
        }

        Interlocked.Increment(ref _checked);
        var status = context.Response.StatusCode.ToString(CultureInfo.InvariantCulture);
        if (!listed.Contains(status))
        {
            var reason = $"{context.Request.Method} {context.Request.Path} ({operation}) answered {status}";
            if (context.Request.Headers[RequestHeader].ToString() is { Length: > 0 } requestId)
            {
                _byRequest[requestId] = reason;
            }
            else
            {
                _undocumented.Enqueue(reason);
            }
        }
    }
}
