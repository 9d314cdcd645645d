namespace Ash.Cli;

// Process exit codes; scripts may rely on them, so values never change meaning.
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

    // Stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).
    public const int Interrupted = 130;
}
