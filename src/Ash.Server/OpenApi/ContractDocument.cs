using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ash.Server.OpenApi;

/// <summary>
/// The document's own parts: title, the two bearer schemes, the tags in the order the API reads, and nothing that
/// changes from one server or build to the next (no <c>servers</c>, a fixed version), so the committed copy can be
/// compared byte for byte in meaning.
/// </summary>
internal sealed class ContractDocument : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "apiKey";
    public const string AdminKeyScheme = "adminKey";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Health", "The server's state; public."),
        ("Agents", "Agents: folders with a CLAUDE.md, deployed by path or upload; each change is a new version."),
        ("Agent files", "The active version's files; a write or delete makes a new active version."),
        ("Agent versions", "An agent's versions; sessions run the version they were created with."),
        ("Sessions", "Sessions and their lifecycle: create, pause, resume, stop, fork, end."),
        ("Messages", "Messages and their turns' event streams; history, timeline and stream log."),
        ("Workspace", "A session's workspace files and tar.gz bundles; paths never leave the workspace."),
        ("Exec", "Shell commands in a session's sandbox."),
        ("Logs", "A session's sandbox log."),
        ("Attachments", "Files given to a session, for its messages to reference."),
        ("Credentials", "Model credentials a session may use instead of the server's."),
        ("Usage", "What the model proxy recorded."),
        ("Budgets", "USD limits on the tenant, its agents and its sessions."),
        ("Queue", "Batch jobs: prompts run as ordinary turns."),
        ("API keys", "The tenant's API keys."),
        ("Admin", "Tenants and their keys; the admin key only (any other caller gets 404)."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Ash on Dapr",
            Version = "1",
            Description = "The HTTP API of Ash on Dapr, wire-compatible with Ash. docs/api.md is the contract in words; this "
                + "document is generated from the server's endpoints (docs/openapi.json). Errors are "
                + "`{error, statusCode, code}` with a stable `code`.",
        };
        document.Servers = null;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A tenant's API key: `Authorization: Bearer <key>`.",
            },
            [AdminKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The server's admin key (`ASH_ADMIN_KEY`), no tenant's key.",
            },
        };

        ErrorResponseComponents.AddTo(document);
        var used = document.Tags?.Select(tag => tag.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var tags = new HashSet<OpenApiTag>();
        foreach (var (name, description) in Tags)
        {
            if (used.Remove(name))
            {
                tags.Add(new OpenApiTag { Name = name, Description = description });
            }
        }

        if (used.Count > 0)
        {
            throw new InvalidOperationException($"Tag(s) without a description in {nameof(ContractDocument)}: {string.Join(", ", used)}");
        }

        document.Tags = tags;
        return Task.CompletedTask;
    }
}
