using Ash.Core.Auth;

namespace Ash.Server.Auth;

/// <summary>
/// Who may read <c>/metrics</c>: the metrics token (<c>ASH_METRICS_TOKEN</c>) or the admin key. The figures
/// cover every tenant, so no tenant's key reads them.
/// </summary>
public sealed class MetricsKey(string? token, AdminKey adminKey)
{
    public bool IsEnabled => !string.IsNullOrEmpty(token) || adminKey.IsEnabled;

    public bool Matches(string presented) =>
        (!string.IsNullOrEmpty(token) && ApiKeyHash.Matches(presented, token)) || adminKey.Matches(presented);
}
