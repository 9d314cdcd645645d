using Ash.Core.Auth;
using Ash.Core.Sessions;
using Ash.Server.Auth;

namespace Ash.Server.Tenants;

/// <summary>
/// Disables a tenant: its keys are deleted (they fail on their next request and their open streams end),
/// then its running sessions are stopped so they hold no sandbox. Its data (agents, sessions, history)
/// is kept and its id stays taken; nothing can reach that data any more but the database.
/// </summary>
public sealed class TenantShutdown(ITenantStore tenants, KeyRevocations revocations, SessionService sessions, TimeProvider time)
{
    private const int Page = 500;

    public async Task<(TenantRecord Tenant, int RevokedKeys, int StoppedSessions)?> DisableAsync(string tenantId, CancellationToken cancellationToken)
    {
        var revoked = await tenants.DisableAsync(tenantId, time.GetUtcNow(), cancellationToken);
        if (revoked is null)
        {
            return null;
        }

        revocations.Revoked(revoked);
        var stopped = 0;
        foreach (var status in (SessionStatus[])[SessionStatus.Starting, SessionStatus.Active, SessionStatus.Paused])
        {
            string? cursor = null;
            do
            {
                var page = await sessions.ListAsync(tenantId, new SessionQuery(null, status, Page, cursor), cancellationToken);
                foreach (var session in page.Sessions)
                {
                    if ((await sessions.StopAsync(tenantId, session.Id, cancellationToken)).IsSuccess)
                    {
                        stopped++;
                    }
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        return (tenant!, revoked.Count, stopped);
    }
}
