using Microsoft.AspNetCore.Http.Metadata;

namespace Ash.Server.Workspaces;

/// <summary>Raises Kestrel's body limit for one route (the routing middleware applies it before the body is read).</summary>
internal sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
