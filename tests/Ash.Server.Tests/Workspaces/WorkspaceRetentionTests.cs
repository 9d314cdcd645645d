using System.Net;
using Ash.Server.Tests.Sessions;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Workspaces;

/// <summary>After an ended session's files are removed, its workspace routes answer 404 workspace_not_found (Ash: "No workspace available").</summary>
public sealed class WorkspaceRetentionTests(ScaleToZeroFixture platform) : IClassFixture<ScaleToZeroFixture>
{
    [Fact]
    public async Task EndedSession_AfterRetention_WorkspaceNotFound()
    {
        var http = platform.Server.Http;
        var session = await Api.CreateSessionAsync(http, await Api.DeployAgentAsync(http));
        await WorkspaceCalls.WriteOkAsync(http, session, ("soon-gone.txt", "x"));
        await Api.ChangeAsync(http, session, "delete");

        await Eventually.TrueAsync(() => !Directory.Exists(platform.Server.WorkspaceOf(session)), "the ended session's files to be removed", TimeSpan.FromSeconds(60));

        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(http, $"/api/sessions/{session}/files"), HttpStatusCode.NotFound, "workspace_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(http, $"/api/sessions/{session}/files/soon-gone.txt"), HttpStatusCode.NotFound, "workspace_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(http, $"/api/sessions/{session}/workspace"), HttpStatusCode.NotFound, "workspace_not_found");
    }
}
