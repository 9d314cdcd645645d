namespace Ash.Testing.FakeModel;

/// <summary>One request the fake model received, as the client sent it.</summary>
/// <param name="Path">The request path without its query string, e.g. <c>/v1/messages</c>.</param>
/// <param name="ApiKeyHeader">The <c>x-api-key</c> header, or null when absent.</param>
/// <param name="AuthorizationHeader">The <c>Authorization</c> header, or null when absent.</param>
/// <param name="Body">The raw request body.</param>
/// <param name="UserTexts">
/// Every user text block of the request's messages in order, leaving out <c>&lt;system-reminder&gt;</c>
/// blocks and tool results; empty when the body is not a Messages request.
/// </param>
/// <param name="Headers">Every header as it arrived, in order.</param>
public sealed record RecordedModelRequest(
    string Path,
    string? ApiKeyHeader,
    string? AuthorizationHeader,
    string Body,
    IReadOnlyList<string> UserTexts,
    IReadOnlyList<KeyValuePair<string, string>> Headers);
