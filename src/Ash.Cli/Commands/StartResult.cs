using Ash.Client;

namespace Ash.Cli.Commands;

// ash start --json output.
// Url: where the server answers.
// ApiKey: admin key, when the CLI could find it.
// Pid: server process, when started from this data directory.
// AlreadyRunning: a healthy server was already there; nothing was started.
// ExampleAgent: the example agent, when this start deployed it.
internal sealed record StartResult(string Url, string? ApiKey, int? Pid, bool AlreadyRunning, Agent? ExampleAgent);
