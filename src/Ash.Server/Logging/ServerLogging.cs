using Microsoft.Extensions.Logging.Console;

namespace Ash.Server.Logging;

/// <summary>
/// How the server writes its log: the console formatter chosen by <c>--log-format</c> (or .NET's own
/// <c>Logging:Console:FormatterName</c>; <c>json</c> for one JSON object per line), with the trace and span id of
/// the request (or of whatever traced work) in every line's scopes.
/// </summary>
internal static class ServerLogging
{
    public const string FormatKey = "Logging:Console:FormatterName";

    private static readonly string[] Formats = [ConsoleFormatterNames.Simple, ConsoleFormatterNames.Json, ConsoleFormatterNames.Systemd];

    public static IEnumerable<string> Validate(IConfiguration configuration)
    {
        var format = configuration[FormatKey];
        if (!string.IsNullOrEmpty(format) && !Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"--log-format (Logging:Console:FormatterName) must be one of {string.Join(", ", Formats)} (got '{format}')";
        }
    }

    public static WebApplicationBuilder AddServerLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        return builder;
    }
}
