namespace Ash.Cli.Commands;

// ash stop --json output.
// Stopped: a running server was stopped.
// Pid: the server's pid, when a pid file named one.
// Killed: it ignored SIGTERM for 10 s and was killed.
internal sealed record StopResult(bool Stopped, int? Pid, bool Killed);
