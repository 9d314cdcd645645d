using Ash.Server.Dapr;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace Ash.Server.OpenApi;

/// <summary>
/// The API contract as an OpenAPI 3.1 document generated from the endpoints (issue 14), served at
/// <c>/openapi/v1.json</c> without a key (it is the public contract, committed as docs/openapi.json) by the api role.
/// </summary>
public static class ApiContract
{
    public const string DocumentName = "v1";

    public const string Route = "/openapi/" + DocumentName + ".json";

    public static IServiceCollection AddApiContract(this IServiceCollection services)
    {
        services.AddSingleton<ContractCache>();
        return services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;

            // daprd's routes (actors, subscriptions, its probe) are not the API: they answer on the app listener only.
            options.ShouldInclude = description => !description.ActionDescriptor.EndpointMetadata.OfType<DaprAppRoute>().Any();
            options.AddSchemaTransformer<WireSchemas>();
            options.AddOperationTransformer<RequestBodies>();
            options.AddOperationTransformer<CommonResponses>();
            options.AddDocumentTransformer<ContractDocument>();
            options.AddDocumentTransformer<OptionalRequestFields>();
        });
    }

    public static WebApplication MapApiContract(this WebApplication app)
    {
        app.MapGet(Route, GetAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<FileContentHttpResult> GetAsync(ContractCache contract) =>
        TypedResults.Bytes(await contract.GetAsync(), "application/json; charset=utf-8");
}
