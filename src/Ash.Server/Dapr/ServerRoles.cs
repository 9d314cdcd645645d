namespace Ash.Server.Dapr;

/// <summary>
/// The roles one server process plays (DESIGN.md §2): <c>api</c>, <c>sessions</c>, <c>sandbox-host</c>
/// (<c>Ash:Roles</c>, <c>--role</c>, <c>ASH_ROLES</c>; a comma list, all three by default).
/// </summary>
public sealed record ServerRoles(bool Api, bool Sessions, bool SandboxHost)
{
    public static readonly ServerRoles All = new(true, true, true);

    public static bool TryParse(string? text, out ServerRoles roles, out string problem)
    {
        roles = All;
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        bool api = false, sessions = false, sandboxHost = false;
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (name.ToLowerInvariant())
            {
                case "api":
                    api = true;
                    break;
                case "sessions":
                    sessions = true;
                    break;
                case "sandbox-host":
                    sandboxHost = true;
                    break;
                default:
                    problem = $"Ash:Roles: unknown role '{name}' (roles are api, sessions and sandbox-host, comma-separated)";
                    return false;
            }
        }

        roles = new ServerRoles(api, sessions, sandboxHost);
        if (roles == new ServerRoles(false, false, false))
        {
            problem = "Ash:Roles: name at least one role (api, sessions, sandbox-host)";
            return false;
        }

        return true;
    }

    /// <summary>
    /// What is wrong with this combination, or null. Embedded, one process plays every role. On Dapr: every
    /// role in one app, or apps of <c>api</c>, <c>sessions</c> (alone or together) and <c>sandbox-host</c>
    /// (alone, naming its node).
    /// </summary>
    public static string? Problem(ServerRoles roles, bool dapr, string? node)
    {
        if (!dapr)
        {
            return roles == All ? null : $"Ash:Roles: '{roles}' alone needs the Dapr mode (--dapr true); without it one process plays every role";
        }

        if (roles == All || !roles.SandboxHost)
        {
            return null;
        }

        if (roles == new ServerRoles(false, false, true))
        {
            return Ash.Dapr.Sandboxes.NodeNames.IsValid(node)
                ? null
                : $"Ash:Node: a sandbox host names its node (--node, ASH_NODE) as Kubernetes names nodes: lower-case letters, digits, dashes and dots, at most 253 (got '{node}')";
        }

        return $"Ash:Roles: '{roles}' is not supported; a sandbox host runs alone (or every role in one app)";
    }

    public override string ToString() =>
        string.Join(',', new[] { Api ? "api" : null, Sessions ? "sessions" : null, SandboxHost ? "sandbox-host" : null }.Where(name => name is not null));
}
