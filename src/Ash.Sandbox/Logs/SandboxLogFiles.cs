namespace Ash.Sandbox.Logs;

/// <summary>
/// Where a session's sandbox log lives: <c>logs/sandbox.jsonl</c> in the root-owned session directory
/// (never bound into the sandbox), and the file it last rotated out, <c>logs/sandbox.1.jsonl</c>.
/// </summary>
internal sealed class SandboxLogFiles(string directory)
{
    public string Directory { get; } = directory;

    public string Current => Path.Combine(Directory, "sandbox.jsonl");

    public string Previous => Path.Combine(Directory, "sandbox.1.jsonl");
}
