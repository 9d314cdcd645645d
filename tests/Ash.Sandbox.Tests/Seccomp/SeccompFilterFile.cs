using Ash.Sandbox.Seccomp;

namespace Ash.Sandbox.Tests.Seccomp;

/// <summary>The filter written once to a private temporary directory, as the server writes it at start-up.</summary>
public sealed class SeccompFilterFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ash-seccomp-").FullName;

    public SeccompFilterFile()
    {
        Path = System.IO.Path.Combine(_directory, "filter.bpf");
        SeccompProfile.WriteTo(Path);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
