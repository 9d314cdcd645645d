using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;
using Microsoft.AspNetCore.Http;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>Reminders and timers (reference §1.2–1.3, D-REM).</summary>
public sealed class ReminderTests : IAsyncLifetime
{
    private TestMesh testMesh = null!;
    private SidecarClient host = null!;
    private SidecarClient caller = null!;
    private TestDaprApp app = null!;

    public async ValueTask InitializeAsync()
    {
        testMesh = await TestMesh.StartAsync(
        [
            (new SidecarDefinition("host"), TestDaprAppOptions.Hosting("Job")),
            (new SidecarDefinition("caller"), new TestDaprAppOptions(ConfigJson: null)),
        ]);
        host = testMesh.Client("host");
        caller = testMesh.Client("caller");
        app = testMesh.App("host");
    }

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        caller.Dispose();
        await testMesh.DisposeAsync();
    }

    [Fact]
    public async Task OneShotReminder_FiresOnceWithRegisteredData_ThenIsDeleted()
    {
        using var created = await host.PostAsync("/v1.0/actors/Job/j1/reminders/wake", """{"dueTime":"0s","data":{"step":3,"tags":["a"]}}""");
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);

        await Eventually.TrueAsync(() => app.CallsTo("remind/wake").Any(), "the reminder to fire");
        await Eventually.TrueAsync(async () => (await host.GetAsync("/v1.0/actors/Job/j1/reminders/wake")).StatusCode == HttpStatusCode.InternalServerError, "the reminder to be gone");

        var fire = Assert.Single(app.CallsTo("remind/wake"));
        Assert.Equal("PUT", fire.HttpMethod);
        Assert.Equal("j1", fire.ActorId);
        using var body = JsonDocument.Parse(fire.Body);
        Assert.Equal("0s", body.RootElement.GetProperty("dueTime").GetString());
        Assert.Equal("", body.RootElement.GetProperty("period").GetString());
        Assert.Equal("""{"step":3,"tags":["a"]}""", body.RootElement.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Reminder_WithoutData_OmitsDataInCallback()
    {
        await host.PostAsync("/v1.0/actors/Job/j2/reminders/plain", """{"dueTime":""}""");

        await Eventually.TrueAsync(() => app.CallsTo("remind/plain").Any(), "the reminder to fire");

        using var body = JsonDocument.Parse(app.CallsTo("remind/plain").First().Body);
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task PeriodicReminder_FiresRepeatedly_UntilDeleted()
    {
        await host.PostAsync("/v1.0/actors/Job/j3/reminders/tick", """{"dueTime":"0s","period":"100ms","data":"hello"}""");

        await Eventually.TrueAsync(() => app.CallsTo("remind/tick").Count() >= 3, "the reminder to fire three times");
        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(HttpMethod.Delete, "/v1.0/actors/Job/j3/reminders/tick")).StatusCode);

        Assert.All(app.CallsTo("remind/tick"), fire => Assert.Contains("\"data\":\"hello\"", fire.Body, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.InternalServerError, (await host.GetAsync("/v1.0/actors/Job/j3/reminders/tick")).StatusCode);
    }

    [Fact]
    public async Task PeriodicReminder_WithRepeatCount_StopsAfterCount()
    {
        await host.PostAsync("/v1.0/actors/Job/j4/reminders/thrice", """{"dueTime":"0s","period":"R3/PT0.05S"}""");

        await Eventually.TrueAsync(async () => (await host.GetAsync("/v1.0/actors/Job/j4/reminders/thrice")).StatusCode == HttpStatusCode.InternalServerError, "the reminder to run out");

        Assert.Equal(3, app.CallsTo("remind/thrice").Count());
    }

    [Fact]
    public async Task Reminder_AppAnswersCancelHeader_StopsIt()
    {
        app.OnActorCall = call => Task.FromResult<IResult>(call.Method == "remind/once-more" && call.ActorId == "j5"
            ? new CancelReminderResult()
            : TestDaprApp.Echo(call));

        await host.PostAsync("/v1.0/actors/Job/j5/reminders/once-more", """{"dueTime":"0s","period":"50ms"}""");

        await Eventually.TrueAsync(async () => (await host.GetAsync("/v1.0/actors/Job/j5/reminders/once-more")).StatusCode == HttpStatusCode.InternalServerError, "the reminder to be cancelled");
        Assert.Single(app.CallsTo("remind/once-more"));
    }

    [Fact]
    public async Task Reminder_AppFails_IsRetriedPerPolicy()
    {
        var attempts = 0;
        app.OnActorCall = call => Task.FromResult(call.Method == "remind/flaky" && Interlocked.Increment(ref attempts) <= 2
            ? Results.StatusCode(StatusCodes.Status500InternalServerError)
            : TestDaprApp.Echo(call));

        await host.PostAsync("/v1.0/actors/Job/j6/reminders/flaky", """{"dueTime":"0s"}""");

        await Eventually.TrueAsync(() => app.CallsTo("remind/flaky").Count() == 3, "two failures and a success");
        await Eventually.TrueAsync(async () => (await host.GetAsync("/v1.0/actors/Job/j6/reminders/flaky")).StatusCode == HttpStatusCode.InternalServerError, "the one-shot reminder to be done");
    }

    [Fact]
    public async Task Reminder_ThroughSidecarNotHostingTheType_Returns403()
    {
        using var created = await caller.PostAsync("/v1.0/actors/Job/j7/reminders/r", """{"dueTime":"1s"}""");
        using var read = await caller.GetAsync("/v1.0/actors/Job/j7/reminders/r");

        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal("ERR_ACTOR_REMINDER_NON_HOSTED", (await SidecarClient.ReadErrorAsync(created)).ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Theory]
    [InlineData("""{"dueTime":"soon"}""")]
    [InlineData("""{"dueTime":"1s","period":"every day"}""")]
    [InlineData("""{"dueTime":"1s","period":"R0/PT1S"}""")]
    public async Task Reminder_MalformedTimes_Returns400(string body)
    {
        using var response = await host.PostAsync("/v1.0/actors/Job/j8/reminders/bad", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetReminder_ReturnsRegistration()
    {
        await host.PostAsync("/v1.0/actors/Job/j9/reminders/later", """{"dueTime":"1h","period":"PT2H","ttl":"48h","data":[1,2]}""");

        using var response = await host.GetAsync("/v1.0/actors/Job/j9/reminders/later");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("j9", body.GetProperty("actorID").GetString());
        Assert.Equal("Job", body.GetProperty("actorType").GetString());
        Assert.Equal("later", body.GetProperty("name").GetString());
        Assert.Equal("1h", body.GetProperty("dueTime").GetString());
        Assert.Equal("PT2H", body.GetProperty("period").GetString());
        Assert.Equal("[1,2]", body.GetProperty("data").GetRawText());
        Assert.True(body.GetProperty("expirationTime").GetDateTimeOffset() > body.GetProperty("registeredTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task Timer_FiresWithCallback_AndStopsWhenDeleted()
    {
        using var created = await host.PostAsync("/v1.0/actors/Job/t1/timers/poll", """{"dueTime":"0s","period":"50ms","callback":"OnPoll","data":{"k":1}}""");
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);

        await Eventually.TrueAsync(() => app.CallsTo("timer/poll").Count() >= 2, "the timer to fire twice");
        await host.SendAsync(HttpMethod.Delete, "/v1.0/actors/Job/t1/timers/poll");

        using var body = JsonDocument.Parse(app.CallsTo("timer/poll").First().Body);
        Assert.Equal("OnPoll", body.RootElement.GetProperty("callback").GetString());
        Assert.Equal("""{"k":1}""", body.RootElement.GetProperty("data").GetRawText());
    }

    /// <summary>200 with <c>X-DaprReminderCancel: true</c>.</summary>
    private sealed class CancelReminderResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers["X-DaprReminderCancel"] = "true";
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        }
    }
}
