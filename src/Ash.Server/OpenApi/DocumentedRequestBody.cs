namespace Ash.Server.OpenApi;

/// <summary>Endpoint metadata: the request body's type as the OpenAPI document shows it (<see cref="ContentResponses.AcceptsJson{TBody}"/>).</summary>
public sealed record DocumentedRequestBody(Type Type);
