using System.Text.Json.Serialization;
using Ash.Core.Credentials;

namespace Ash.Server.Credentials;

/// <summary>Ash's body (<c>type</c>, <c>key</c>, <c>label</c>, as its SDKs send it) plus <c>baseUrl</c> for a <c>custom</c> endpoint. Unknown fields are refused: a misspelt <c>baseUrl</c> must not silently send a key to Anthropic.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateCredentialRequest(string? Type, string? Key, string? Label, string? BaseUrl);

/// <summary>What the API says of a credential: never its key. <c>active</c> is false when the server can no longer open it (its key ring was lost).</summary>
public sealed record CredentialDto(
    Guid Id,
    string Type,
    string Label,
    bool Active,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? LastUsedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BaseUrl)
{
    public static CredentialDto From(Credential credential, bool usable) =>
        new(credential.Id, credential.Type, credential.Label, usable, credential.CreatedAt, credential.LastUsedAt, credential.BaseUrl);
}

public sealed record CredentialResponse(CredentialDto Credential);

public sealed record CredentialListResponse(List<CredentialDto> Credentials);
