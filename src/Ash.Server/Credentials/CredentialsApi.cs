using Ash.Core.Credentials;
using Ash.Sandbox.ModelProxy;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Credentials;

public static class CredentialsApi
{
    public static RouteGroupBuilder MapCredentialsApi(this RouteGroupBuilder api)
    {
        var credentials = api.MapGroup("/credentials").WithTags("Credentials");
        credentials.MapPost("/", CreateAsync).WithName("storeCredential").WithSummary("Store a model credential (encrypted; never returned)").ProducesErrors(400);
        credentials.MapGet("/", ListAsync).WithName("listCredentials").WithSummary("List the tenant's credentials, newest first");
        credentials.MapDelete("/{id}", DeleteAsync).WithName("deleteCredential").WithSummary("Delete a credential");
        return api;
    }

    private static ErrorResult CredentialNotFound() => ApiErrors.NotFound("Credential not found", "credential_not_found");

    private static async Task<Results<Created<CredentialResponse>, ErrorResult>> CreateAsync(CreateCredentialRequest? request, HttpContext context, ModelCredentials credentials, TenantEndpoints endpoints, CancellationToken cancellationToken)
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
        return TypedResults.Created(default(string), new CredentialResponse(CredentialDto.From(created, usable: true)));
    }

    private static async Task<Ok<CredentialListResponse>> ListAsync(HttpContext context, ModelCredentials credentials, CancellationToken cancellationToken)
    {
        var stored = await credentials.ListAsync(Tenant.Of(context), cancellationToken);
        var listed = new List<CredentialDto>(stored.Count);
        foreach (var credential in stored)
        {
            listed.Add(CredentialDto.From(credential, credentials.IsUsable(credential)));
        }

        return TypedResults.Ok(new CredentialListResponse(listed));
    }

    private static async Task<Results<NoContent, ErrorResult>> DeleteAsync(string id, HttpContext context, ModelCredentials credentials, CancellationToken cancellationToken)
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
