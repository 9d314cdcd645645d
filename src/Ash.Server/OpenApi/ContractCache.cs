using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ash.Server.OpenApi;

/// <summary>
/// The document, generated once per process: it depends only on the endpoints, and the route is public, so a client
/// asking for it again and again costs a copy of bytes rather than a generation (~100 ms of CPU) each time.
/// </summary>
internal sealed class ContractCache(IServiceProvider services)
{
    private readonly Lazy<Task<byte[]>> _document = new(() => RenderAsync(services));

    public Task<byte[]> GetAsync() => _document.Value;

    private static async Task<byte[]> RenderAsync(IServiceProvider services)
    {
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>(ApiContract.DocumentName);
        var document = await provider.GetOpenApiDocumentAsync(CancellationToken.None);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAs(OpenApiSpecVersion.OpenApi3_1, new OpenApiJsonWriter(text));
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }
}
