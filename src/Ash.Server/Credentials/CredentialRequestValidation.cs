using Ash.Core.Credentials;
using Ash.Core.Errors;
using Ash.Sandbox.ModelProxy;

namespace Ash.Server.Credentials;

/// <summary>A checked <c>POST /api/credentials</c> body.</summary>
internal sealed record ValidCredential(string Type, string Key, string Label, Uri? BaseUrl);

/// <summary>Checks a credential body; every problem is a 400 saying what to change.</summary>
internal static class CredentialRequestValidation
{
    private const int MaxKeyLength = 8 * 1024;
    private const int MaxLabelLength = 255;
    private const int MaxUrlLength = 2048;

    public static Result<ValidCredential> Validate(CreateCredentialRequest request, TenantEndpoints endpoints)
    {
        if (string.IsNullOrEmpty(request.Type))
        {
            return AshError.Validation("'type' is required (anthropic, bedrock or custom)");
        }

        if (CredentialTypes.IsKnownButUnsupported(request.Type))
        {
            return AshError.Validation(
                $"Credential type '{request.Type}' is not supported: the model proxy serves Anthropic-compatible endpoints and Bedrock only (use 'anthropic', 'bedrock', or 'custom' with a baseUrl)",
                "unsupported_credential_type");
        }

        if (!CredentialTypes.IsSupported(request.Type))
        {
            return AshError.Validation($"Unknown credential type '{request.Type}' (anthropic, bedrock or custom)");
        }

        if (string.IsNullOrEmpty(request.Key))
        {
            return AshError.Validation("'key' is required");
        }

        if (request.Type == CredentialTypes.Bedrock)
        {
            return ValidateBedrock(request);
        }

        if (request.Key.Length > MaxKeyLength || request.Key.Any(c => c < ' ' || c == '\u007f'))
        {
            return AshError.Validation($"'key' must be at most {MaxKeyLength} characters with no control characters (it is sent as an HTTP header)");
        }

        if (request.Label is { Length: > MaxLabelLength })
        {
            return AshError.Validation($"'label' is at most {MaxLabelLength} characters");
        }

        if (request.Type == CredentialTypes.Anthropic)
        {
            return request.BaseUrl is null
                ? new ValidCredential(request.Type, request.Key, request.Label ?? string.Empty, null)
                : AshError.Validation("'baseUrl' is for 'custom' credentials only; an 'anthropic' key goes to the server's configured Anthropic upstream");
        }

        if (string.IsNullOrEmpty(request.BaseUrl))
        {
            return AshError.Validation("'baseUrl' is required for a 'custom' credential (the Anthropic-compatible endpoint, e.g. https://gateway.example.com)");
        }

        if (request.BaseUrl.Length > MaxUrlLength
            || !Uri.TryCreate(request.BaseUrl, UriKind.Absolute, out var url)
            || url.Scheme is not ("http" or "https")
            || url.UserInfo.Length > 0
            || url.Query.Length > 0
            || url.Fragment.Length > 0)
        {
            return AshError.Validation("'baseUrl' must be an absolute http(s) URL without credentials, query or fragment");
        }

        if (endpoints.RefusalFor(url) is { } refusal)
        {
            return AshError.Validation(refusal, "base_url_not_allowed");
        }

        return new ValidCredential(request.Type, request.Key, request.Label ?? string.Empty, url);
    }

    /// <summary>A bedrock key is a JSON string of AWS keys and region; it is stored in its canonical form, and has no baseUrl (the region names the endpoint).</summary>
    private static Result<ValidCredential> ValidateBedrock(CreateCredentialRequest request)
    {
        if (request.Key!.Length > MaxKeyLength)
        {
            return AshError.Validation($"'key' must be at most {MaxKeyLength} characters");
        }

        if (request.Label is { Length: > MaxLabelLength })
        {
            return AshError.Validation($"'label' is at most {MaxLabelLength} characters");
        }

        if (request.BaseUrl is not null)
        {
            return AshError.Validation("'baseUrl' is for 'custom' credentials only; a 'bedrock' credential goes to the Bedrock runtime of its region");
        }

        var key = BedrockKey.Parse(request.Key);
        return key.IsSuccess
            ? new ValidCredential(CredentialTypes.Bedrock, key.Value!.ToJson(), request.Label ?? string.Empty, null)
            : key.Error!;
    }
}
