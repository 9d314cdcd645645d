using Dapr;
using Dapr.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>
/// A Dapr.AspNetCore app that subscribes as the SDK documents: <c>MapSubscribeHandler</c> lists the endpoints marked
/// with <c>[Topic]</c> or <c>WithTopic</c>, and <c>UseCloudEvents</c> hands each handler the event's data.
/// Topics: <c>orders</c> (attribute), <c>shipments</c> (WithTopic), <c>routed</c> (a rule on the event type plus a
/// default route), <c>guarded</c> (dead letters to <c>guarded-dlq</c>).
/// </summary>
internal static class SdkSubscriberApp
{
    public const string PubSub = "pubsub";

    public static Task<SdkAppHost> StartAsync(SdkSidecarSettings sidecar, SubscriberInbox inbox) =>
        SdkAppHost.StartAsync(
            sidecar,
            services => services.AddSingleton(inbox),
            app =>
            {
                app.UseCloudEvents();
                app.MapSubscribeHandler().RequireAuthorization(SdkAppHost.DaprPolicy);
                app.MapPost("/orders", [Topic(PubSub, "orders")] (Order order, SubscriberInbox received) => Receive(received, "orders", order))
                    .RequireAuthorization(SdkAppHost.DaprPolicy);
                app.MapPost("/shipments", (Order order, SubscriberInbox received) => Receive(received, "shipments", order))
                    .WithTopic(PubSub, "shipments")
                    .RequireAuthorization(SdkAppHost.DaprPolicy);
                app.MapPost("/routed/special", (Order order, SubscriberInbox received) => Receive(received, "routed-special", order))
                    .WithTopic(new TopicOptions { PubsubName = PubSub, Name = "routed", Match = "event.type == \"special\"", Priority = 1 })
                    .RequireAuthorization(SdkAppHost.DaprPolicy);
                app.MapPost("/routed", (Order order, SubscriberInbox received) => Receive(received, "routed-default", order))
                    .WithTopic(PubSub, "routed")
                    .RequireAuthorization(SdkAppHost.DaprPolicy);
                app.MapPost("/guarded", [Topic(PubSub, "guarded", "guarded-dlq", false)] (Order order, SubscriberInbox received) =>
                    {
                        received.Add("guarded", order);
                        return Results.Json(new { status = "DROP" });
                    })
                    .RequireAuthorization(SdkAppHost.DaprPolicy);
                app.MapPost("/guarded-dlq", [Topic(PubSub, "guarded-dlq")] (Order order, SubscriberInbox received) => Receive(received, "guarded-dlq", order))
                    .RequireAuthorization(SdkAppHost.DaprPolicy);
            });

    private static IResult Receive(SubscriberInbox inbox, string handler, Order order)
    {
        inbox.Add(handler, order);
        return Results.Ok();
    }
}
