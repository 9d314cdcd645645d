namespace Ash.Server.Auth;

/// <summary>Endpoint metadata: only the metrics token or the admin key (<see cref="MetricsKey"/>) reaches the endpoint; any other caller gets 401.</summary>
public sealed class RequiresMetricsKey
{
    public static readonly RequiresMetricsKey Instance = new();

    private RequiresMetricsKey()
    {
    }
}
