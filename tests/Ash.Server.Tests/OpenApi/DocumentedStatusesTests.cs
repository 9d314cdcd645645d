using Ash.Testing.Server;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ash.Server.Tests.OpenApi;

/// <summary>
/// The check every test server runs: an endpoint's answer with a status the document does not list for its operation
/// fails the request that got it (or the test, when its server stops); listed ones, routes outside the document and
/// the exception handler's answers (under <c>default</c>) do not.
/// </summary>
public sealed class DocumentedStatusesTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly Dictionary<string, IReadOnlySet<string>> GetSessionOnly = new(StringComparer.Ordinal)
    {
        ["getSession"] = new HashSet<string>(["200", "404"], StringComparer.Ordinal),
    };

    [Fact]
    public void AStatusTheOperationDoesNotList_IsRecorded()
    {
        var statuses = new DocumentedStatuses(GetSessionOnly);

        statuses.Check(Answer("getSession", "/api/sessions/0b4f0c36-4b7e-4c8c-9d46-7f0a9c1e5d21", StatusCodes.Status410Gone));
        statuses.Check(Answer("getSession", "/api/sessions/x", StatusCodes.Status404NotFound));
        statuses.Check(Answer(null, "/metrics", StatusCodes.Status418ImATeapot));
        var unexpected = Answer("getSession", "/api/sessions/y", StatusCodes.Status500InternalServerError);
        unexpected.Features.Set<IExceptionHandlerFeature>(new ExceptionHandlerFeature { Error = new InvalidOperationException("boom"), Path = "/api/sessions/y" });
        statuses.Check(unexpected);

        Assert.Equal(["GET /api/sessions/0b4f0c36-4b7e-4c8c-9d46-7f0a9c1e5d21 (getSession) answered 410"], statuses.Undocumented);
        Assert.Equal(2, statuses.Checked);
    }

    [Fact]
    public void TheCommittedDocument_ListsEachOperationsStatuses()
    {
        var listed = DocumentedStatuses.Read(File.ReadAllText(RepositoryPaths.OpenApiDocument));

        Assert.Equal(["200", "400", "401", "404", "410", "429", "503", "default"], listed["resumeSession"].Order(StringComparer.Ordinal));
        Assert.Empty(DocumentedStatuses.Read("{ not json"));
    }

    [Fact]
    public void AnUndocumentedAnswer_IsFoundByTheRequestThatGotIt()
    {
        var statuses = new DocumentedStatuses(GetSessionOnly);
        var answer = Answer("getSession", "/api/sessions/x", StatusCodes.Status410Gone);
        answer.Request.Headers[DocumentedStatuses.RequestHeader] = "7-abc";

        statuses.Check(answer);

        Assert.Null(statuses.TakeFor("8-def"));
        Assert.Equal("GET /api/sessions/x (getSession) answered 410", statuses.TakeFor("7-abc"));
        Assert.Null(statuses.TakeFor("7-abc"));
        Assert.Empty(statuses.Undocumented);
    }

    [Fact]
    public async Task ATestServer_ChecksItsEndpointsAnswers()
    {
        var before = platform.Server.Statuses.Checked;

        using var missing = await platform.Server.Http.GetAsync($"/api/sessions/{Guid.NewGuid():D}");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.True(platform.Server.Statuses.Checked > before, "the server's answer was not checked against the document");
        Assert.Empty(platform.Server.Statuses.Undocumented);
    }

    private static DefaultHttpContext Answer(string? operation, string path, int status)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = path;
        context.Response.StatusCode = status;
        var metadata = operation is null ? new EndpointMetadataCollection() : new EndpointMetadataCollection(new EndpointNameMetadata(operation));
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, metadata, operation));
        return context;
    }
}
