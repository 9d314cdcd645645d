using System.Net;
using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>Activation, idle and forced deactivation, and actors moving when a host goes away (reference §1.2, §1.5).</summary>
public sealed class ActorLifecycleTests : IAsyncLifetime
{
    private const string Config = """
        {"entities":["Session","Idle"],"actorIdleTimeout":"1h",
         "entitiesConfig":[{"entities":["Idle"],"actorIdleTimeout":"300ms"}]}
        """;

    private TestMesh testMesh = null!;
    private SidecarClient web = null!;

    public async ValueTask InitializeAsync()
    {
        // Two replicas of one app id: they share actor state keys, as real replicas do.
        testMesh = await TestMesh.StartAsync(
        [
            (new SidecarDefinition("worker") { Name = "worker-1" }, new TestDaprAppOptions(Config)),
            (new SidecarDefinition("worker") { Name = "worker-2" }, new TestDaprAppOptions(Config)),
            (new SidecarDefinition("web"), null),
        ]);
        web = testMesh.Client("web");
    }

    public async ValueTask DisposeAsync()
    {
        web.Dispose();
        await testMesh.DisposeAsync();
    }

    [Fact]
    public async Task IdleActor_IsDeactivatedWithDelete_AfterItsTypesIdleTimeout()
    {
        await web.PostAsync("/v1.0/actors/Idle/i1/method/touch", "{}");
        await web.PostAsync("/v1.0/actors/Session/s1/method/touch", "{}");
        var idleHost = testMesh.Mesh.ActiveActors.Single(a => a.ActorId == "i1").SidecarName;

        await Eventually.TrueAsync(() => testMesh.App(idleHost).Deactivations.Contains(new RecordedDeactivation("Idle", "i1")), "the idle actor to be deactivated");

        Assert.DoesNotContain(testMesh.Mesh.ActiveActors, a => a.ActorId == "i1");
        Assert.Contains(testMesh.Mesh.ActiveActors, a => a.ActorId == "s1");
    }

    [Fact]
    public async Task DeactivateAll_SendsDeleteForEveryActiveActor()
    {
        await web.PostAsync("/v1.0/actors/Session/d1/method/touch", "{}");
        await web.PostAsync("/v1.0/actors/Session/d2/method/touch", "{}");

        await testMesh.Mesh.DeactivateAllAsync(TestContext.Current.CancellationToken);

        var deactivated = testMesh.Apps.Values.SelectMany(app => app.Deactivations).ToList();
        Assert.Contains(new RecordedDeactivation("Session", "d1"), deactivated);
        Assert.Contains(new RecordedDeactivation("Session", "d2"), deactivated);
        Assert.Empty(testMesh.Mesh.ActiveActors);
    }

    [Fact]
    public async Task Placement_SpreadsIdsOverReplicas_Deterministically()
    {
        for (var i = 0; i < 20; i++)
        {
            await web.PostAsync($"/v1.0/actors/Session/p{i}/method/touch", "{}");
        }

        var hosts = testMesh.Mesh.ActiveActors.Where(a => a.ActorId.StartsWith('p')).ToDictionary(a => a.ActorId, a => a.SidecarName);
        for (var i = 0; i < 20; i++)
        {
            await web.PostAsync($"/v1.0/actors/Session/p{i}/method/again", "{}");
        }

        Assert.Equal(2, hosts.Values.Distinct().Count());
        Assert.All(testMesh.Mesh.ActiveActors.Where(a => a.ActorId.StartsWith('p')), a => Assert.Equal(hosts[a.ActorId], a.SidecarName));
        Assert.All(hosts, entry => Assert.Equal(2, testMesh.App(entry.Value).ActorCalls.Count(c => c.ActorId == entry.Key)));
    }

    [Fact]
    public async Task RemoveHost_ActorReactivatesOnOtherReplica_WithItsState()
    {
        var (actorId, oldHost, newHost) = await ActorPlacedOnAsync();
        using var oldSidecar = testMesh.Client(oldHost);
        using var newSidecar = testMesh.Client(newHost);
        await oldSidecar.PostAsync($"/v1.0/actors/Session/{actorId}/state", """[{"operation":"upsert","request":{"key":"k","value":"kept"}}]""");
        Assert.Equal(HttpStatusCode.BadRequest, (await newSidecar.PostAsync($"/v1.0/actors/Session/{actorId}/state", "[]")).StatusCode);

        testMesh.Mesh.RemoveHost(oldHost);
        using var response = await web.PostAsync($"/v1.0/actors/Session/{actorId}/method/after", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(testMesh.App(newHost).CallsTo("after"));
        Assert.Contains(new ActiveActor("Session", actorId, newHost), testMesh.Mesh.ActiveActors);
        Assert.Equal("\"kept\"", await (await newSidecar.GetAsync($"/v1.0/actors/Session/{actorId}/state/k")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NoContent, (await newSidecar.PostAsync($"/v1.0/actors/Session/{actorId}/state", "[]")).StatusCode);
    }

    [Fact]
    public async Task RemoveHost_ReminderKeepsFiring_OnTheNewHost()
    {
        var (actorId, oldHost, newHost) = await ActorPlacedOnAsync();
        using var oldSidecar = testMesh.Client(oldHost);
        await oldSidecar.PostAsync($"/v1.0/actors/Session/{actorId}/reminders/beat", """{"dueTime":"0s","period":"50ms"}""");
        await Eventually.TrueAsync(() => testMesh.App(oldHost).CallsTo("remind/beat").Any(), "the reminder to fire on the first host");

        testMesh.Mesh.RemoveHost(oldHost);

        await Eventually.TrueAsync(() => testMesh.App(newHost).CallsTo("remind/beat").Any(), "the reminder to fire on the new host");
        Assert.Equal(HttpStatusCode.Forbidden, (await oldSidecar.GetAsync($"/v1.0/actors/Session/{actorId}/reminders/beat")).StatusCode);
    }

    private async Task<(string ActorId, string OldHost, string NewHost)> ActorPlacedOnAsync()
    {
        var actorId = $"move-{Guid.NewGuid():N}";
        await web.PostAsync($"/v1.0/actors/Session/{actorId}/method/before", "{}");
        var oldHost = testMesh.Mesh.ActiveActors.Single(a => a.ActorId == actorId).SidecarName;
        return (actorId, oldHost, oldHost == "worker-1" ? "worker-2" : "worker-1");
    }
}
