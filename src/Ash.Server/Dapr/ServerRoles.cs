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

    public override string ToString() =>
        string.Join(',', new[] { Api ? "api" : null, Sessions ? "sessions" : null, SandboxHost ? "sandbox-host" : null }.Where(name => name is not null));
}
