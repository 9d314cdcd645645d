namespace Ash.Dapr.Tests.Sidecar;

/// <summary>What the test app answers on <c>/dapr/config</c> and <c>/dapr/subscribe</c>.</summary>
/// <param name="ConfigJson">The <c>/dapr/config</c> body; null answers 404 (an app without actors).</param>
/// <param name="SubscriptionsJson">The <c>/dapr/subscribe</c> body; null answers 404.</param>
internal sealed record TestDaprAppOptions(string? ConfigJson, string? SubscriptionsJson = null)
{
    public static TestDaprAppOptions Hosting(params string[] entities) =>
        new($$"""{"entities":[{{string.Join(",", entities.Select(e => $"\"{e}\""))}}],"actorIdleTimeout":"1h"}""");
}
