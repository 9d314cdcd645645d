namespace Ash.Server.OpenApi;

/// <summary>
/// Route metadata for the bodies the OpenAPI generator cannot infer from a handler's return type: a stream the handler
/// writes itself (SSE, a tar.gz), raw file bytes, and a JSON body read by the handler rather than bound
/// (<see cref="CommonResponses"/> and <see cref="RequestBodies"/> put them in the document).
/// </summary>
public static class ContentResponses
{
    public const string EventStream = "text/event-stream";

    /// <summary>200 <c>text/event-stream</c>, with the events the stream carries in <paramref name="description"/>.</summary>
    public static RouteHandlerBuilder ProducesEventStream(this RouteHandlerBuilder builder, string description) =>
        builder.WithMetadata(new RawResponse(EventStream, description));

    /// <summary>200 with raw bytes of <paramref name="contentType"/> (a download), beside any JSON answer the handler also gives.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, string contentType, string description) =>
        builder.WithMetadata(new RawResponse(contentType, description));

    /// <summary>The JSON body a handler reads itself (after authentication, or field by field), shown as <typeparamref name="TBody"/>.</summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new DocumentedRequestBody(typeof(TBody)));
}
