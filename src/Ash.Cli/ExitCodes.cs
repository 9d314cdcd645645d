namespace Ash.Cli;

// Process exit codes; scripts may rely on them, so values never change meaning. `ash --help` lists
// them (All), and --json errors name them (Name).
internal static class ExitCodes
{
    public const int Success = 0;

    // Anything not covered below.
    public const int Error = 1;

    // Bad arguments or options, or local input that cannot work (missing folder).
    public const int Usage = 2;

    // No server answers at the URL, or it did not become healthy.
    public const int ServerUnavailable = 3;

    // The agent's turn ended with an error event.
    public const int AgentError = 4;

    // No API key found, or the server rejected it (401/403).
    public const int Unauthorized = 5;

    // The agent or session does not exist (404).
    public const int NotFound = 6;

    // The server refused the request in its current state (400 invalid_state, 409, 410, 503).
    public const int Conflict = 7;

    // `start` or `serve`: another program already listens on the port.
    public const int PortInUse = 8;

    // Stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).
    public const int Interrupted = 130;

    public static IReadOnlyList<(int Code, string Name, string Meaning)> All { get; } =
    [
        (Success, "success", "done"),
        (Error, "error", "any other failure"),
        (Usage, "usage", "bad arguments or options, or local input that cannot work"),
        (ServerUnavailable, "server_unavailable", "no server answers, or it did not become healthy"),
        (AgentError, "agent_error", "the agent's turn ended with an error"),
        (Unauthorized, "unauthorized", "no API key, or the server refused it"),
        (NotFound, "not_found", "no such agent, session, file or key"),
        (Conflict, "conflict", "the server refused it in the current state (busy, paused, ended, at capacity)"),
        (PortInUse, "port_in_use", "start/serve: another program listens on the port"),
        (Interrupted, "interrupted", "stopped by Ctrl+C or SIGTERM"),
    ];

    // The stable name of a code, as --json errors give it.
    public static string Name(int code)
    {
        foreach (var (value, name, _) in All)
        {
            if (value == code)
            {
                return name;
            }
        }

        return "error";
    }
}
