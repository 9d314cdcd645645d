using System.Net;
using System.Text.Json.Nodes;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Credentials;

/// <summary>The key ring lives outside the database: without it the database alone opens nothing, and the server says so instead of failing.</summary>
public sealed class CredentialKeyRingTests
{
    [Fact]
    public async Task LostKeyRing_ReportsTheCredentialUnusable_RefusesNewSessions_AndFailsTheTurnClearly()
    {
        await using var model = await FakeModelServer.StartAsync(CredentialsFixture.CredentialKey);
        var data = TestServer.NewDataDirectory();
        var database = await TestDatabase.NewAsync();
        string id;
        string agent;
        Guid session;
        try
        {
            await using (var first = await TestServer.StartOnAsync(data, database, model.BaseUrl, CredentialsFixture.ServerKey))
            {
                agent = await Api.DeployAgentAsync(first.Http);
                id = await CredentialCalls.CreateIdAsync(first.Http, new { type = "anthropic", key = CredentialsFixture.CredentialKey });
                session = await Api.CreateSessionAsync(first.Http, agent, new { credentialId = id });
                Assert.Equal("done", (await Api.SendAsync(first.Http, session, "with the key ring", timeout: TimeSpan.FromSeconds(120)))[^1].Event);
                Assert.True(Directory.EnumerateFiles(Path.Combine(data, "keys"), "key-*.xml").Any(), "the key ring is not in <data>/keys");
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(data, "keys")));
            }

            Directory.Delete(Path.Combine(data, "keys"), recursive: true);

            await using var second = await TestServer.StartOnAsync(data, database, model.BaseUrl, CredentialsFixture.ServerKey);
            var listed = Assert.Single((await Api.GetJsonAsync(second.Http, "/api/credentials"))["credentials"]!.AsArray())!;
            Assert.False(listed["active"]!.GetValue<bool>());

            var body = new JsonObject { ["agent"] = agent, ["credentialId"] = id }.ToJsonString();
            var message = await CredentialCalls.AssertErrorAsync(await CredentialCalls.PostRawAsync(second.Http, "/api/sessions", body), HttpStatusCode.BadRequest, "credential_unusable");
            Assert.Contains(id, message, StringComparison.Ordinal);
            Assert.Contains("key ring", message, StringComparison.Ordinal);

            // The session made before the loss wakes up and tries: its turn ends with the reason, not a hang or a 500.
            var frames = await Api.SendAsync(second.Http, session, "without the key ring", timeout: TimeSpan.FromSeconds(120));
            Assert.Equal("done", frames[^1].Event);
            Assert.Contains("unusable", Assert.Single(frames, f => f.Event == "error").Data, StringComparison.Ordinal);
            Assert.DoesNotContain(model.Requests, r => r.UserTexts.Contains("without the key ring"));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
