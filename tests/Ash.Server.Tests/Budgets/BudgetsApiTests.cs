using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Server.Tests.Credentials;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Budgets;

/// <summary>The budget routes: shape, validation, and each tenant seeing and changing only its own.</summary>
public sealed class BudgetsApiTests(TenantsFixture platform) : IClassFixture<TenantsFixture>
{
    [Fact]
    public async Task PutListDelete_EachScope_RoundTrips_AndSpentIsZeroBeforeAnyModelRequest()
    {
        using var http = await NewTenantAsync();
        var agent = await Api.DeployAgentAsync(http);
        var session = await Api.CreateSessionAsync(http, agent);
        Assert.Empty(await BudgetCalls.ListAsync(http));

        var tenant = await BudgetCalls.PutAsync(http, "/api/budgets/tenant", 50m);
        await BudgetCalls.PutAsync(http, $"/api/budgets/agents/{agent}", 10.5m);
        await BudgetCalls.PutAsync(http, $"/api/budgets/sessions/{session}", 1m);
        var updated = await BudgetCalls.PutAsync(http, "/api/budgets/tenant", 1_000_000m);

        Assert.Equal(["scope", "target", "limitUsd", "spentUsd", "remainingUsd", "createdAt", "updatedAt"], tenant.Select(p => p.Key).ToArray());
        Assert.Null(tenant["target"]);
        Assert.Equal(50m, tenant["remainingUsd"]!.GetValue<decimal>());
        Assert.Equal(tenant["createdAt"]!.GetValue<string>(), updated["createdAt"]!.GetValue<string>());
        Assert.Equal(1_000_000m, updated["limitUsd"]!.GetValue<decimal>());
        var listed = await BudgetCalls.ListAsync(http);
        Assert.Equal(
            [("tenant", null, 1_000_000m), ("agent", agent, 10.5m), ("session", session.ToString("D"), 1m)],
            listed.Select(b => (b!["scope"]!.GetValue<string>(), b["target"]?.GetValue<string>(), b["limitUsd"]!.GetValue<decimal>())).ToArray());
        Assert.All(listed, b => Assert.Equal(0m, b!["spentUsd"]!.GetValue<decimal>()));

        await BudgetCalls.DeleteAsync(http, $"/api/budgets/agents/{agent}");
        await CredentialCalls.AssertErrorAsync(await http.DeleteAsync($"/api/budgets/agents/{agent}"), HttpStatusCode.NotFound, "budget_not_found");
        await BudgetCalls.DeleteAsync(http, "/api/budgets/tenant");

        // A session id in capitals names the same session (and budget) as usage records spell it.
        var upper = session.ToString("D").ToUpperInvariant();
        Assert.Equal(session.ToString("D"), (await BudgetCalls.PutAsync(http, $"/api/budgets/sessions/{upper}", 2m))["target"]!.GetValue<string>());
        Assert.Single(await BudgetCalls.ListAsync(http));
        await BudgetCalls.DeleteAsync(http, $"/api/budgets/sessions/{upper}");
        Assert.Empty(await BudgetCalls.ListAsync(http));
    }

    [Fact]
    public async Task CreateSession_WithBudgetUsd_SetsTheSessionsBudget()
    {
        using var http = await NewTenantAsync();
        var agent = await Api.DeployAgentAsync(http);

        var session = await Api.CreateSessionAsync(http, agent, new { budgetUsd = 2.5m });

        var budget = Assert.Single(await BudgetCalls.ListAsync(http))!;
        Assert.Equal("session", budget["scope"]!.GetValue<string>());
        Assert.Equal(session.ToString("D"), budget["target"]!.GetValue<string>());
        Assert.Equal(2.5m, budget["limitUsd"]!.GetValue<decimal>());
        using var zero = await http.PostAsJsonAsync("/api/sessions", new { agent, budgetUsd = 0 });
        Assert.Contains("budgetUsd", await CredentialCalls.AssertErrorAsync(zero, HttpStatusCode.BadRequest, "invalid_request"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "invalid_request")]
    [InlineData("""{"limitUsd":null}""", "invalid_request")]
    [InlineData("""{"limitUsd":0}""", "invalid_request")]
    [InlineData("""{"limitUsd":-1}""", "invalid_request")]
    [InlineData("""{"limitUsd":1000000.01}""", "invalid_request")]
    [InlineData("""{"limitUsd":"5"}""", "invalid_json")]
    [InlineData("""{"limitUsd":5,"currency":"EUR"}""", "unknown_field")]
    public async Task Put_WithABadLimit_Is400NamingTheField_AndSetsNothing(string body, string code)
    {
        using var http = await NewTenantAsync();

        using var response = await BudgetCalls.PutRawAsync(http, "/api/budgets/tenant", body);

        var message = await CredentialCalls.AssertErrorAsync(response, HttpStatusCode.BadRequest, code);
        Assert.Contains(code == "unknown_field" ? "currency" : "limitUsd", message, StringComparison.Ordinal);
        Assert.Empty(await BudgetCalls.ListAsync(http));
    }

    [Fact]
    public async Task AnotherTenantsOrUnknownAgentAndSession_Are404_AndItsBudgetsStayUnseenAndUntouched()
    {
        using var owner = await NewTenantAsync();
        var agent = await Api.DeployAgentAsync(owner);
        var session = await Api.CreateSessionAsync(owner, agent);
        await BudgetCalls.PutAsync(owner, $"/api/budgets/agents/{agent}", 3m);
        await BudgetCalls.PutAsync(owner, $"/api/budgets/sessions/{session}", 2m);
        using var intruder = await NewTenantAsync();

        await CredentialCalls.AssertErrorAsync(await intruder.PutAsJsonAsync($"/api/budgets/agents/{agent}", new { limitUsd = 1 }), HttpStatusCode.NotFound, "agent_not_found");
        await CredentialCalls.AssertErrorAsync(await intruder.PutAsJsonAsync($"/api/budgets/sessions/{session}", new { limitUsd = 1 }), HttpStatusCode.NotFound, "session_not_found");
        await CredentialCalls.AssertErrorAsync(await intruder.PutAsJsonAsync($"/api/budgets/sessions/{Guid.NewGuid()}", new { limitUsd = 1 }), HttpStatusCode.NotFound, "session_not_found");
        await CredentialCalls.AssertErrorAsync(await intruder.PutAsJsonAsync("/api/budgets/sessions/not-a-uuid", new { limitUsd = 1 }), HttpStatusCode.NotFound, "session_not_found");
        await CredentialCalls.AssertErrorAsync(await intruder.PutAsJsonAsync("/api/budgets/agents/nobody", new { limitUsd = 1 }), HttpStatusCode.NotFound, "agent_not_found");
        await CredentialCalls.AssertErrorAsync(await intruder.DeleteAsync($"/api/budgets/agents/{agent}"), HttpStatusCode.NotFound, "budget_not_found");
        await CredentialCalls.AssertErrorAsync(await intruder.DeleteAsync($"/api/budgets/sessions/{session}"), HttpStatusCode.NotFound, "budget_not_found");
        Assert.Empty(await BudgetCalls.ListAsync(intruder));

        var kept = await BudgetCalls.ListAsync(owner);
        Assert.Equal([3m, 2m], kept.Select(b => b!["limitUsd"]!.GetValue<decimal>()).ToArray());
    }

    private async Task<HttpClient> NewTenantAsync()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        return platform.Server.CreateClient(key);
    }
}
