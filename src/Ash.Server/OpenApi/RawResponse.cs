namespace Ash.Server.OpenApi;

/// <summary>
/// Endpoint metadata: the route answers 200 with a body the handler streams itself, not JSON: an event stream or a
/// download (<see cref="ContentResponses.ProducesEventStream"/>, <see cref="ContentResponses.ProducesFile"/>).
/// </summary>
public sealed record RawResponse(string ContentType, string Description);
