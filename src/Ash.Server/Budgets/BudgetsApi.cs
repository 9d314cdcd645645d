using Ash.Core.Budgets;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Budgets;

/// <summary>A tenant's USD budgets on itself, its agents and its sessions (the model proxy enforces them).</summary>
public static class BudgetsApi
{
    public static RouteGroupBuilder MapBudgetsApi(this RouteGroupBuilder api)
    {
        var budgets = api.MapGroup("/budgets").WithTags("Budgets");
        budgets.MapGet("/", ListAsync).WithName("listBudgets").WithSummary("List the tenant's budgets with what each has spent");
        budgets.MapPut("/tenant", SetTenantAsync).WithName("setTenantBudget").WithSummary("Set the tenant's budget").ProducesErrors(400);
        budgets.MapDelete("/tenant", DeleteTenantAsync).WithName("deleteTenantBudget").WithSummary("Remove the tenant's budget").ProducesErrors(404);
        budgets.MapPut("/agents/{name}", SetAgentAsync).WithName("setAgentBudget").WithSummary("Set an agent's budget").ProducesErrors(400);
        budgets.MapDelete("/agents/{name}", DeleteAgentAsync).WithName("deleteAgentBudget").WithSummary("Remove an agent's budget");
        budgets.MapPut("/sessions/{id}", SetSessionAsync).WithName("setSessionBudget").WithSummary("Set a session's budget").ProducesErrors(400);
        budgets.MapDelete("/sessions/{id}", DeleteSessionAsync).WithName("deleteSessionBudget").WithSummary("Remove a session's budget");
        return api;
    }

    private static async Task<Ok<BudgetListResponse>> ListAsync(HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken)
    {
        var standings = await budgets.ListAsync(Tenant.Of(context), cancellationToken);
        return TypedResults.Ok(new BudgetListResponse(standings.Select(BudgetDto.From).ToList()));
    }

    private static Task<Results<Ok<BudgetResponse>, ErrorResult>> SetTenantAsync(SetBudgetRequest? request, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        SetAsync(BudgetScopes.Tenant, null, request, context, budgets, cancellationToken);

    private static Task<Results<Ok<BudgetResponse>, ErrorResult>> SetAgentAsync(string name, SetBudgetRequest? request, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        SetAsync(BudgetScopes.Agent, name, request, context, budgets, cancellationToken);

    private static Task<Results<Ok<BudgetResponse>, ErrorResult>> SetSessionAsync(string id, SetBudgetRequest? request, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        SetAsync(BudgetScopes.Session, id, request, context, budgets, cancellationToken);

    private static Task<Results<NoContent, ErrorResult>> DeleteTenantAsync(HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        DeleteAsync(BudgetScopes.Tenant, null, context, budgets, cancellationToken);

    private static Task<Results<NoContent, ErrorResult>> DeleteAgentAsync(string name, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        DeleteAsync(BudgetScopes.Agent, name, context, budgets, cancellationToken);

    private static Task<Results<NoContent, ErrorResult>> DeleteSessionAsync(string id, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken) =>
        DeleteAsync(BudgetScopes.Session, id, context, budgets, cancellationToken);

    private static async Task<Results<Ok<BudgetResponse>, ErrorResult>> SetAsync(string scope, string? target, SetBudgetRequest? request, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiErrors.Validation("Request body is required ({\"limitUsd\": <number>})");
        }

        var set = await budgets.SetAsync(Tenant.Of(context), scope, target, request.LimitUsd, cancellationToken);
        return set.IsSuccess
            ? TypedResults.Ok(new BudgetResponse(BudgetDto.From(set.Value)))
            : ApiErrors.From(set.Error);
    }

    private static async Task<Results<NoContent, ErrorResult>> DeleteAsync(string scope, string? target, HttpContext context, TenantBudgets budgets, CancellationToken cancellationToken)
    {
        var deleted = await budgets.DeleteAsync(Tenant.Of(context), scope, target, cancellationToken);
        return deleted.IsSuccess ? TypedResults.NoContent() : ApiErrors.From(deleted.Error);
    }
}
