using Ash.Server.Tests.Auth;

namespace Ash.Server.Tests.Dapr;

/// <summary>The cross-tenant audit with every session call going through the Dapr actor gateway.</summary>
public sealed class DaprTenantIsolationTests(DaprTenantsFixture platform) : TenantIsolationAudit(platform), IClassFixture<DaprTenantsFixture>;
