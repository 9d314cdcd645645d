using System.Globalization;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Budgets;

/// <summary>
/// Budgets enforced by the model proxy, with the real CLI in the real sandbox against the fake model, whose
/// answers report usage priced by ModelPrices: a spent budget refuses the next model request before it is
/// forwarded, the turn ends with <c>budget_exceeded</c>, and the session goes on once the budget is raised.
/// </summary>
public sealed class BudgetTurnTests(TenantsFixture platform) : IClassFixture<TenantsFixture>
{
    /// <summary>A priced model (ModelPrices): the pinned CLI's default, claude-opus-5-5, has no published price here.</summary>
    private const string PricedModel = "claude-sonnet-4-5-20250929";

    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("tenant")]
    [InlineData("agent")]
    [InlineData("session")]
    public async Task Turn_AfterItsBudgetIsSpent_EndsWithBudgetExceeded_UntilTheBudgetIsRaisedOrRemoved(string scope)
    {
        using var http = await NewTenantAsync();
        var agent = await Api.DeployAgentAsync(http);
        var session = await Api.CreateSessionAsync(http, agent, new { model = PricedModel });
        var (path, named) = scope switch
        {
            "tenant" => ("/api/budgets/tenant", "The tenant's budget"),
            "agent" => ($"/api/budgets/agents/{agent}", $"The budget of agent '{agent}'"),
            _ => ($"/api/budgets/sessions/{session}", $"The budget of session {session}"),
        };
        await BudgetCalls.PutAsync(http, path, 100m);

        AssertCompleted(await Api.SendAsync(http, session, "within the budget", timeout: TurnTimeout));
        var spent = (await BudgetCalls.ListAsync(http)).Single()!["spentUsd"]!.GetValue<decimal>();
        Assert.True(spent > 0m, "the turn's model requests were priced");

        // A limit below what that one turn cost: the next turn's first model request is refused, never forwarded.
        var limit = Math.Round(spent / 2, 6);
        var lowered = await BudgetCalls.PutAsync(http, path, limit);
        Assert.Equal(0m, lowered["remainingUsd"]!.GetValue<decimal>());
        var refusedText = "over the budget " + Guid.NewGuid().ToString("N");
        var error = AssertBudgetExceeded(await Api.SendAsync(http, session, refusedText, timeout: TurnTimeout));
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Contains("limit of $" + limit.ToString("0.######", CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
        Assert.DoesNotContain(platform.Model.Requests, r => r.UserTexts.Any(t => t.Contains(refusedText, StringComparison.Ordinal)));
        Assert.Equal("active", await Api.StatusOfAsync(http, session));

        await BudgetCalls.PutAsync(http, path, spent * 100);
        var raised = await Api.SendAsync(http, session, "after the raise", timeout: TurnTimeout);
        AssertCompleted(raised);
        // The refused message stays in the conversation: the CLI sends it again with this one.
        Assert.StartsWith("Hello! You said: " + refusedText, Api.Text(raised), StringComparison.Ordinal);
        Assert.EndsWith("after the raise", Api.Text(raised), StringComparison.Ordinal);

        // Spent again, then removed: the session takes the next message.
        await BudgetCalls.PutAsync(http, path, limit);
        AssertBudgetExceeded(await Api.SendAsync(http, session, "spent again", timeout: TurnTimeout));
        await BudgetCalls.DeleteAsync(http, path);
        AssertCompleted(await Api.SendAsync(http, session, "after the removal", timeout: TurnTimeout));
    }

    [Fact]
    public async Task Turn_WithMaxBudgetUsd_StopsWithBudgetExceeded_OnceItsModelRequestsSpendIt_AndTheNextMessageIsFree()
    {
        using var http = await NewTenantAsync();
        var agent = await Api.DeployAgentAsync(http);
        var session = await Api.CreateSessionAsync(http, agent, new { model = PricedModel });
        var marker = "budget-loop-" + Guid.NewGuid().ToString("N")[..8];

        // The model asks for a tool, so the CLI makes a second model request with the tool's output: the first finds the
        // turn's spending at 0 and goes; its cost passes the limit, so the second is refused.
        var frames = await Api.SendBodyAsync(http, session, new { content = $"[[bash:echo {marker}]]", includePartialMessages = true, maxBudgetUsd = 0.000001m }, TurnTimeout);

        var error = AssertBudgetExceeded(frames);
        Assert.Contains("maxBudgetUsd", error, StringComparison.Ordinal);
        Assert.Contains(frames, f => f.Event == "tool_result" && f.Data.Contains(marker, StringComparison.Ordinal));
        Assert.Contains(platform.Model.Requests, r => r.UserTexts.Any(t => t.Contains(marker, StringComparison.Ordinal)));
        Assert.DoesNotContain(platform.Model.Requests, r => r.Body.Contains("\"type\":\"tool_result\"", StringComparison.Ordinal) && r.Body.Contains(marker, StringComparison.Ordinal));

        // The limit was the message's own: the next message, without one, goes through; the CLI sends the tool's output
        // the refused request carried with it.
        var next = await Api.SendAsync(http, session, "go on", timeout: TurnTimeout);
        AssertCompleted(next);
        Assert.StartsWith("Tool said: " + marker, Api.Text(next), StringComparison.Ordinal);

        // And a turn of several model requests runs to its end.
        var roundTrip = await Api.SendAsync(http, session, "[[bash:echo unlimited]]", timeout: TurnTimeout);
        AssertCompleted(roundTrip);
        Assert.StartsWith("Tool said: unlimited", Api.Text(roundTrip), StringComparison.Ordinal);
    }

    private async Task<HttpClient> NewTenantAsync()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        return platform.Server.CreateClient(key);
    }

    /// <summary>The turn ended with one <c>error</c> coded <c>budget_exceeded</c>, then <c>done</c>; returns the error's message.</summary>
    private static string AssertBudgetExceeded(List<SseFrame> frames)
    {
        Assert.Equal("done", frames[^1].Event);
        var error = JsonNode.Parse(Assert.Single(frames, f => f.Event == "error").Data)!;
        Assert.Equal("budget_exceeded", error["code"]?.GetValue<string>());
        return error["error"]!.GetValue<string>();
    }

    private static void AssertCompleted(List<SseFrame> frames)
    {
        Assert.Equal("done", frames[^1].Event);
        Assert.DoesNotContain(frames, f => f.Event == "error");
    }
}
