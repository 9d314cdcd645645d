using Ash.Testing.DaprSidecar.Actors;
using Ash.Testing.DaprSidecar.Health;
using Ash.Testing.DaprSidecar.PubSub;
using Ash.Testing.DaprSidecar.State;
using Dapr.Client.Autogen.Grpc.v1;
using ActorRuntime = Ash.Testing.DaprSidecar.Actors.ActorRuntime;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ash.Testing.DaprSidecar.Grpc;

/// <summary>
/// daprd's gRPC API, the part the SDK's DaprClient uses for what we need: <c>PublishEvent</c> and <c>GetMetadata</c>.
/// Refusals carry the status codes daprd gives them (its predefined errors): no pub/sub configured is
/// FAILED_PRECONDITION; an empty pub/sub name, an unknown pub/sub, an empty topic or a malformed CloudEvent is
/// INVALID_ARGUMENT; a missing or wrong <c>dapr-api-token</c> is UNAUTHENTICATED.
/// </summary>
internal sealed class DaprGrpcApi(Sidecar sidecar, Placement placement, ActorRuntime actors, StateStores stores, Broker broker, TimeProvider time)
{
    private const string ApiTokenHeader = "dapr-api-token";

    public Task<Empty> PublishEventAsync(PublishEventRequest request, ServerCallContext call)
    {
        CheckApiToken(call);
        if (broker.Components.Count == 0)
        {
            throw Refused(StatusCode.FailedPrecondition, "no pubsub is configured");
        }

        if (string.IsNullOrEmpty(request.PubsubName))
        {
            throw Refused(StatusCode.InvalidArgument, "pubsub name is empty");
        }

        if (!broker.Has(request.PubsubName))
        {
            throw Refused(StatusCode.InvalidArgument, $"pubsub {request.PubsubName} not found");
        }

        if (string.IsNullOrEmpty(request.Topic))
        {
            throw Refused(StatusCode.InvalidArgument, $"topic is empty in pubsub {request.PubsubName}");
        }

        var overrides = EnvelopeOverrides.From(request.Metadata, call.RequestHeaders);
        var envelope = CloudEventEnvelope.Create(request.Data.ToByteArray(), request.DataContentType, request.PubsubName, request.Topic, sidecar.AppId, overrides, time.GetUtcNow())
            ?? throw Refused(StatusCode.InvalidArgument, "the application/cloudevents+json data is not a JSON object");
        broker.Publish(request.PubsubName, request.Topic, envelope);
        return Task.FromResult(new Empty());
    }

    public Task<GetMetadataResponse> GetMetadataAsync(GetMetadataRequest request, ServerCallContext call)
    {
        CheckApiToken(call);
        return Task.FromResult(GrpcMetadata.From(SidecarMetadata.Describe(sidecar, placement, actors, stores, broker)));
    }

    private void CheckApiToken(ServerCallContext call)
    {
        if (sidecar.Definition.ApiToken is { Length: > 0 } token && call.RequestHeaders.GetValue(ApiTokenHeader) != token)
        {
            throw Refused(StatusCode.Unauthenticated, "invalid api token");
        }
    }

    private static RpcException Refused(StatusCode code, string message) => new(new Status(code, message));
}
