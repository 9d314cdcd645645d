using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Metrics;

/// <summary>
/// <c>GET /metrics</c> (issue 14): Prometheus text for the metrics token or the admin key, 401 in the API's error
/// shape for anyone else; and its figures move with a real turn (the Claude Code CLI against the fake model).
/// </summary>
public sealed class MetricsApiTests(MetricsFixture platform) : IClassFixture<MetricsFixture>
{
    private const string MessagesRoute = "route=\"/api/sessions/{id}/messages\"";

    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Metrics_WithoutAKey_Is401InTheErrorShape()
    {
        using var anonymous = platform.Server.CreateClient(apiKey: null);
        using var response = await anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken);

        await AssertRefusedAsync(response, "missing_api_key");
    }

    [Fact]
    public async Task Metrics_WithATenantsKey_Is401()
    {
        using var response = await Http.GetAsync("/metrics", TestContext.Current.CancellationToken);

        await AssertRefusedAsync(response, "invalid_metrics_token");
    }

    [Fact]
    public async Task Metrics_WithTheToken_IsPrometheusText()
    {
        var scrape = await PrometheusScrape.ReadAsync(Http, MetricsFixture.Token);

        Assert.True(scrape.Sum("ash_up") == 1, scrape.Text);
        Assert.Equal("gauge", scrape.TypeOf("ash_uptime_seconds"));
        Assert.Equal("histogram", scrape.TypeOf("ash_http_request_duration_seconds"));
        Assert.True(scrape.Has("ash_pool_max_capacity"), scrape.Text);
        Assert.True(scrape.Has("ash_pool_sandboxes", "state=\"cold\""), scrape.Text);
        Assert.True(scrape.Has("ash_sse_subscribers", "stream=\"message\""), scrape.Text);
    }

    [Fact]
    public async Task Metrics_WithTheAdminKey_IsPrometheusText()
    {
        var scrape = await PrometheusScrape.ReadAsync(Http, MetricsFixture.AdminKey);

        Assert.Equal(1, scrape.Sum("ash_up"));
    }

    [Fact]
    public async Task Metrics_AcrossARealTurn_TheTurnsFiguresMove()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.WaitForStatusAsync(Http, session, "active", TimeSpan.FromSeconds(30));
        var before = await PrometheusScrape.ReadAsync(Http, MetricsFixture.Token);

        var frames = await Api.SendAsync(Http, session, "hello metrics");
        Assert.Contains(frames, frame => frame.Event == "done");
        var after = await PrometheusScrape.ReadAsync(Http, MetricsFixture.Token);

        Assert.Equal(before.Sum("ash_turns_total", "outcome=\"ok\"") + 1, after.Sum("ash_turns_total", "outcome=\"ok\""));
        Assert.Equal(before.Sum("ash_turn_duration_seconds_count") + 1, after.Sum("ash_turn_duration_seconds_count"));
        Assert.Equal(before.Sum("ash_turn_first_event_seconds_count") + 1, after.Sum("ash_turn_first_event_seconds_count"));
        Assert.True(after.Sum("ash_events_written_total") >= before.Sum("ash_events_written_total") + frames.Count, after.Text);
        Assert.True(after.Sum("ash_model_requests_total", "status=\"2xx\"") > before.Sum("ash_model_requests_total", "status=\"2xx\""), after.Text);
        Assert.True(after.Sum("ash_model_request_duration_seconds_count") > before.Sum("ash_model_request_duration_seconds_count"), after.Text);
        Assert.True(after.Sum("ash_model_tokens_total", "kind=\"output\"") > before.Sum("ash_model_tokens_total", "kind=\"output\""), after.Text);
        Assert.Equal(
            before.Sum("ash_http_request_duration_seconds_count", MessagesRoute, "method=\"POST\"", "status=\"200\"") + 1,
            after.Sum("ash_http_request_duration_seconds_count", MessagesRoute, "method=\"POST\"", "status=\"200\""));
        Assert.True(after.Sum("ash_db_command_duration_seconds_count", "kind=\"write\"") > before.Sum("ash_db_command_duration_seconds_count", "kind=\"write\""), after.Text);
        Assert.True(after.Sum("ash_db_command_duration_seconds_count", "kind=\"read\"") > before.Sum("ash_db_command_duration_seconds_count", "kind=\"read\""), after.Text);
        Assert.DoesNotContain(session.ToString("D"), after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_SessionLifecycle_CountsStepsResumesAndStatuses()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.WaitForStatusAsync(Http, session, "active", TimeSpan.FromSeconds(30));
        var before = await PrometheusScrape.ReadAsync(Http, MetricsFixture.Token);

        await Api.ChangeAsync(Http, session, "pause");
        var paused = before;
        await Eventually.TrueAsync(
            async () => (paused = await PrometheusScrape.ReadAsync(Http, MetricsFixture.Token)).Sum("ash_sessions", "status=\"paused\"") > before.Sum("ash_sessions", "status=\"paused\""),
            "the paused sessions' gauge to go up");
        await Api.ChangeAsync(Http, session, "resume");
        var after = await PrometheusScrape.ReadAsync(Http, MetricsFixture.Token);

        Assert.Equal(before.Sum("ash_resume_total", "path=\"warm\"") + 1, after.Sum("ash_resume_total", "path=\"warm\""));
        Assert.Equal(
            before.Sum("ash_lifecycle_steps_total", "workflow=\"pause\"", "step=\"mark-paused\"", "outcome=\"ok\"") + 1,
            paused.Sum("ash_lifecycle_steps_total", "workflow=\"pause\"", "step=\"mark-paused\"", "outcome=\"ok\""));
        Assert.True(after.Sum("ash_lifecycle_step_duration_seconds_count", "workflow=\"resume-warm\"") >= 1, after.Text);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string code)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        Assert.Equal(401, body!["statusCode"]!.GetValue<int>());
        Assert.Equal(code, body["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error"]!.GetValue<string>()));
    }
}
