using Ash.Core.Budgets;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.Json;

namespace Ash.Server.Budgets;

/// <summary>A tenant's USD budgets on itself, its agents and its sessions (the model proxy enforces them).</summary>
public static class BudgetsApi
{
    public static RouteGroupBuilder MapBudgetsApi(this RouteGroupBuilder api)
    {
        var budgets = api.MapGroup("/budgets");
        budgets.MapGet("/", ListAsync);
        budgets.MapPut("/tenant", SetTenantAsync);
        budgets.MapDelete("/tenant", DeleteTenantAsync);
        budgets.MapPut("/agents/{name}", SetAgentAsync);
        budgets.MapDelete("/agents/{name}", DeleteAgentAsync);
        budgets.MapPut("/sessions/{id}", SetSessionAsync);
        budgets.MapDelete("/sessions/{id}", DeleteSessionAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken)
    {
        var standings = await budgets.ListAsync(Tenant.Of(context), cancellationToken);
        return TypedResults.Json(new BudgetListResponse(standings.Select(BudgetDto.From).ToList()), ApiJsonContext.Default.BudgetListResponse);
    }

    private static Task<IResult> SetTenantAsync(SetBudgetRequest? request, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        SetAsync(BudgetScopes.Tenant, null, request, context, budgets, cancellationToken);

    private static Task<IResult> SetAgentAsync(string name, SetBudgetRequest? request, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        SetAsync(BudgetScopes.Agent, name, request, context, budgets, cancellationToken);

    private static Task<IResult> SetSessionAsync(string id, SetBudgetRequest? request, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        SetAsync(BudgetScopes.Session, id, request, context, budgets, cancellationToken);

    private static Task<IResult> DeleteTenantAsync(HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        DeleteAsync(BudgetScopes.Tenant, null, context, budgets, cancellationToken);

    private static Task<IResult> DeleteAgentAsync(string name, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        DeleteAsync(BudgetScopes.Agent, name, context, budgets, cancellationToken);

    private static Task<IResult> DeleteSessionAsync(string id, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        DeleteAsync(BudgetScopes.Session, id, context, budgets, cancellationToken);

    private static async Task<IResult> SetAsync(string scope, string? target, SetBudgetRequest? request, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiErrors.Validation("Request body is required ({\"limitUsd\": <number>})");
        }

        var set = await budgets.SetAsync(Tenant.Of(context), scope, target, request.LimitUsd, cancellationToken);
        return set.IsSuccess
            ? TypedResults.Json(new BudgetResponse(BudgetDto.From(set.Value)), ApiJsonContext.Default.BudgetResponse)
            : ApiErrors.From(set.Error);
    }

    private static async Task<IResult> DeleteAsync(string scope, string? target, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken)
    {
        var deleted = await budgets.DeleteAsync(Tenant.Of(context), scope, target, cancellationToken);
        return deleted.IsSuccess ? TypedResults.NoContent() : ApiErrors.From(deleted.Error);
    }
}
