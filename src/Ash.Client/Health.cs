namespace Ash.Client;

/// <summary>Answer of <c>GET /health</c>.</summary>
/// <param name="Status"><c>ok</c> when the server is ready to serve.</param>
/// <param name="Version">Server version.</param>
/// <param name="ActiveSessions">Sessions currently active.</param>
/// <param name="ActiveSandboxes">Sandboxes currently alive.</param>
/// <param name="Uptime">Seconds since the server started.</param>
/// <param name="Pool">Sandbox pool statistics, when the server reports them.</param>
/// <param name="Sandbox">How sandboxes are isolated.</param>
/// <param name="Model">The server's model credential and its upstream's last answer (servers before 2026-12 omit it).</param>
/// <param name="Database">Which database the server stores its state in: <c>sqlite</c> or <c>postgres</c>.</param>
public sealed record Health(
    string Status,
    string Version,
    int ActiveSessions,
    int ActiveSandboxes,
    double Uptime,
    PoolHealth? Pool = null,
    SandboxHealth? Sandbox = null,
    string? Database = null,
    ModelHealth? Model = null);
