using System.Net;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Queue;

public sealed class QueueValidationTests(QueueFixture platform) : IClassFixture<QueueFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Theory]
    [InlineData("""{"agentName":"a","prompt":"x","priorty":2}""", "Unknown field 'priorty'")]
    [InlineData("""{"agentName":"a","prompt":"x","priority":-1}""", "'priority'")]
    [InlineData("""{"agentName":"a","prompt":"x","priority":1.5}""", "'priority'")]
    [InlineData("""{"agentName":"a","prompt":"x","maxRetries":-1}""", "'maxRetries'")]
    [InlineData("""{"agentName":"a","prompt":"x","maxRetries":"3"}""", "'maxRetries'")]
    [InlineData("""{"agentName":"a","prompt":""}""", "'prompt'")]
    [InlineData("""{"agentName":"a"}""", "'prompt'")]
    [InlineData("""{"prompt":"x"}""", "'agentName'")]
    [InlineData("""{"agentName":"a","prompt":"x","sessionId":"not-a-uuid"}""", "'sessionId'")]
    [InlineData("""[1,2]""", "JSON object")]
    public async Task Enqueue_BadBody_Is400WithAClearMessage(string body, string mentions)
    {
        var (status, json) = await QueueCalls.PostAsync(Http, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, json["statusCode"]!.GetValue<int>());
        Assert.Equal("invalid_request", json["code"]!.GetValue<string>());
        Assert.Contains(mentions, json["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enqueue_MalformedJson_Is400()
    {
        var (status, json) = await QueueCalls.PostAsync(Http, """{"agentName":""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_json", json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enqueue_UnknownAgent_Is404()
    {
        var (status, json) = await QueueCalls.PostAsync(Http, """{"agentName":"no-such-agent","prompt":"x"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("agent_not_found", json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enqueue_UnknownOrOtherAgentsSession_Is400()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var otherAgent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, otherAgent);

        var (unknown, unknownBody) = await QueueCalls.PostAsync(Http, $$"""{"agentName":"{{agent}}","prompt":"x","sessionId":"{{Guid.NewGuid()}}"}""");
        var (mismatch, mismatchBody) = await QueueCalls.PostAsync(Http, $$"""{"agentName":"{{agent}}","prompt":"x","sessionId":"{{session}}"}""");

        Assert.Equal((HttpStatusCode.BadRequest, "session_not_found"), (unknown, unknownBody["code"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "session_agent_mismatch"), (mismatch, mismatchBody["code"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/api/queue?limit=0")]
    [InlineData("/api/queue?limit=501")]
    [InlineData("/api/queue?status=done")]
    public async Task List_BadQuery_Is400(string path)
    {
        using var response = await Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("7a0f8c0e-3c1e-4a8e-9d8e-1d7c0b5f2a11")]
    public async Task GetAndCancel_UnknownItem_Is404(string id)
    {
        using var get = await Http.GetAsync($"/api/queue/{id}");
        using var cancel = await Http.DeleteAsync($"/api/queue/{id}");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
    }
}
