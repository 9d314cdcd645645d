using Ash.Core.Credentials;
using Ash.Sandbox.ModelProxy;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.Json;

namespace Ash.Server.Credentials;

public static class CredentialsApi
{
    public static RouteGroupBuilder MapCredentialsApi(this RouteGroupBuilder api)
    {
        var credentials = api.MapGroup("/credentials");
        credentials.MapPost("/", CreateAsync);
        credentials.MapGet("/", ListAsync);
        credentials.MapDelete("/{id}", DeleteAsync);
        return api;
    }

    private static IResult CredentialNotFound() => ApiErrors.NotFound("Credential not found", "credential_not_found");

    private static async Task<IResult> CreateAsync(CreateCredentialRequest? request, HttpContext context, ModelCredentials credentials, TenantEndpoints endpoints, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiErrors.Validation("Request body is required");
        }

        var valid = CredentialRequestValidation.Validate(request, endpoints);
        if (!valid.IsSuccess)
        {
            return ApiErrors.From(valid.Error);
        }

        var (type, key, label, baseUrl) = valid.Value;
        var created = await credentials.CreateAsync(Tenant.Of(context), type, key, label, baseUrl, cancellationToken);
        return TypedResults.Json(new CredentialResponse(CredentialDto.From(created, usable: true)), ApiJsonContext.Default.CredentialResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ModelCredentials credentials, CancellationToken cancellationToken)
    {
        var stored = await credentials.ListAsync(Tenant.Of(context), cancellationToken);
        var listed = new List<CredentialDto>(stored.Count);
        foreach (var credential in stored)
        {
            listed.Add(CredentialDto.From(credential, credentials.IsUsable(credential)));
        }

        return TypedResults.Json(new CredentialListResponse(listed), ApiJsonContext.Default.CredentialListResponse);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, ModelCredentials credentials, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var credentialId))
        {
            return CredentialNotFound();
        }

        return await credentials.DeleteAsync(Tenant.Of(context), credentialId, cancellationToken)
            ? TypedResults.NoContent()
            : CredentialNotFound();
    }
}
