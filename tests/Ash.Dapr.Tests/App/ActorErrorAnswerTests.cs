using System.Net;
using System.Text;

namespace Ash.Dapr.Tests.App;

/// <summary>
/// How the actor routes refuse a call (issue 12): a body that is not JSON of the method's shape is 400, an
/// unknown type or method 404, a refusal its own status and code, a failure 500; every one in the error shape,
/// never with a .NET type name or a stack trace.
/// </summary>
public sealed class ActorErrorAnswerTests : IAsyncLifetime
{
    private DaprAppHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await DaprAppHost.StartAsync([new TypedActorType(), new RecordingActorType("thing")], []);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task<HttpResponseMessage> PutAsync(string path, string body) =>
        await _host.Http.PutAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    [Fact]
    public async Task AWellFormedBody_IsRead()
    {
        using var response = await PutAsync("/actors/typed/a/method/typed", """{"name":"n","count":2,"tags":["x"]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"count\":2", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"name\":")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("""{"name":"n","count":"two","tags":[]}""")]
    [InlineData("""{"name":5,"count":1,"tags":[]}""")]
    [InlineData("""{"name":"n","count":1,"tags":"x"}""")]
    [InlineData("""{"name":"n","count":99999999999,"tags":[]}""")]
    [InlineData("""{"count":1,"tags":[]}""")]
    [InlineData("""{"name":null,"count":1,"tags":[]}""")]
    [InlineData("""{"name":"n","count":1}""")]
    public async Task AMalformedOrWrongTypedBody_Is400_InTheErrorShape(string body)
    {
        using var response = await PutAsync("/actors/typed/a/method/typed", body);

        await ErrorShape.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_body");
    }

    [Theory]
    [InlineData("/actors/nobody/a/method/typed", "actor_type_not_found")]
    [InlineData("/actors/typed/a/method/nothing", "actor_method_not_found")]
    [InlineData("/actors/nobody/a/method/remind/r", "actor_type_not_found")]
    [InlineData("/actors/nobody/a/method/timer/t", "actor_type_not_found")]
    public async Task AnUnknownTypeOrMethod_Is404_InTheErrorShape(string path, string code)
    {
        using var response = await PutAsync(path, "{}");

        await ErrorShape.AssertAsync(response, HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task ARefusal_KeepsItsStatusAndCode()
    {
        using var response = await PutAsync("/actors/typed/a/method/refuse", "{}");

        Assert.Equal("refused on purpose", await ErrorShape.AssertAsync(response, HttpStatusCode.BadRequest, "custom_code"));
    }

    [Theory]
    [InlineData("crash")]
    [InlineData("dispose")]
    public async Task AFrameworkFailure_Is500_WithAFixedText(string method)
    {
        using var response = await PutAsync($"/actors/typed/a/method/{method}", "{}");

        var message = await ErrorShape.AssertAsync(response, HttpStatusCode.InternalServerError, "actor_failed");
        Assert.DoesNotContain("Secret", message, StringComparison.Ordinal);
    }

    /// <summary>The database's refusals cross the hop as they are (issue 12: never a 500), and the caller's side turns them back into the same refusal.</summary>
    [Theory]
    [InlineData("busy", HttpStatusCode.ServiceUnavailable, "database_busy", typeof(Ash.Core.Errors.StoreBusyException))]
    [InlineData("full", HttpStatusCode.InsufficientStorage, "insufficient_storage", typeof(Ash.Core.Errors.StoreFullException))]
    public async Task ADatabaseRefusal_KeepsItsStatusAndCode_AndIsTheSameRefusalOnTheOtherSide(string method, HttpStatusCode status, string code, Type refusal)
    {
        using var response = await PutAsync($"/actors/typed/a/method/{method}", "{}");

        var message = await ErrorShape.AssertAsync(response, status, code);
        var relayed = "error from actor service: (" + (int)status + ") " + await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var app = Ash.Dapr.Client.DaprError.AppAnswer(relayed);
        Assert.NotNull(app);
        Assert.Equal((message, code), (app.Value.Message, app.Value.Code));
        Assert.IsType(refusal, Ash.Core.Errors.StoreErrorCodes.ToException(app.Value.Code, app.Value.Message, new InvalidOperationException()));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("""{"dueTime":5}""")]
    [InlineData("""{"period":["1s"]}""")]
    public async Task AMalformedReminderBody_Is400(string body)
    {
        using var response = await PutAsync("/actors/thing/r/method/remind/lifecycle", body);

        await ErrorShape.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_body");
    }

    [Fact]
    public async Task ABodyAboveTheLimit_Is413()
    {
        using var response = await PutAsync("/actors/typed/a/method/typed", "\"" + new string('x', 17 * 1024 * 1024) + "\"");

        await ErrorShape.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }
}
