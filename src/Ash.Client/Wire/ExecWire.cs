namespace Ash.Client.Wire;

// Body of POST /api/sessions/:id/exec; the timeout is in milliseconds.
internal sealed record ExecRequest(string Command, long? Timeout);
