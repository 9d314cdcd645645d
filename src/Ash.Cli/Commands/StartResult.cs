using Ash.Client;

namespace Ash.Cli.Commands;

// ash start --json output.
// Url: where the server answers.
// ApiKey: the key, when this start generated it (it is shown this once); otherwise null: see ApiKeyFile.
// ApiKeyFile: the file holding the generated key, when there is one.
// DataDirectory: the server's data directory.
// Pid: server process, when started from this data directory.
// AlreadyRunning: a healthy server was already there; nothing was started.
// ExampleAgent: the example agent, when this start deployed it.
internal sealed record StartResult(string Url, string? ApiKey, string? ApiKeyFile, string DataDirectory, int? Pid, bool AlreadyRunning, Agent? ExampleAgent);
