using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Ash.Testing.DaprSidecar.Grpc;

/// <summary>
/// The methods of daprd's gRPC service <c>dapr.proto.runtime.v1.Dapr</c> the stand-in serves, bound by hand:
/// Dapr.Protos ships the message types but no server base class, so each method is described here (its full name
/// and protobuf marshallers) and handed to ASP.NET Core's gRPC server with its handler. Any other method of the
/// service answers UNIMPLEMENTED, as it would from a server that lacks it.
/// </summary>
internal sealed class DaprGrpcMethods : IServiceMethodProvider<DaprGrpcApi>
{
    public const string ServiceName = "dapr.proto.runtime.v1.Dapr";

    public static readonly Method<PublishEventRequest, Empty> PublishEvent = Unary("PublishEvent", PublishEventRequest.Parser, Empty.Parser);

    public static readonly Method<GetMetadataRequest, GetMetadataResponse> GetMetadata = Unary("GetMetadata", GetMetadataRequest.Parser, GetMetadataResponse.Parser);

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<DaprGrpcApi> context)
    {
        context.AddUnaryMethod(PublishEvent, [], (api, request, call) => api.PublishEventAsync(request, call));
        context.AddUnaryMethod(GetMetadata, [], (api, request, call) => api.GetMetadataAsync(request, call));
    }

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> requests, MessageParser<TResponse> responses)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, ServiceName, name, Marshallers.Create(message => message.ToByteArray(), requests.ParseFrom), Marshallers.Create(message => message.ToByteArray(), responses.ParseFrom));
}
