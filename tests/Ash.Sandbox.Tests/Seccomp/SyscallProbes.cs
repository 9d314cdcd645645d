using System.Text.Json;

namespace Ash.Sandbox.Tests.Seccomp;

/// <summary>
/// Runs try-syscall.py once without and once under the filter, in the same minimal sandbox as the
/// same unprivileged uid, and keeps both answers: the first shows what the kernel itself says to each
/// probe, so a test that expects the filter's errno can tell the filter from the kernel.
/// </summary>
public sealed class SyscallProbes : IAsyncLifetime
{
    private readonly SeccompFilterFile _filter = new();

    public string FilterFile => _filter.Path;

    public IReadOnlyDictionary<string, string> Unfiltered { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Filtered { get; private set; } = new Dictionary<string, string>();

    public async ValueTask InitializeAsync()
    {
        var script = await ReadScriptAsync();
        Unfiltered = await ProbeAsync(null, script);
        Filtered = await ProbeAsync(FilterFile, script);
    }

    public ValueTask DisposeAsync()
    {
        _filter.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<Dictionary<string, string>> ProbeAsync(string? filter, string script)
    {
        var run = await MinimalSandbox.RunAsync(filter, ["python3", "-c", script]);
        Assert.True(run.ExitCode == 0, $"try-syscall.py failed ({run.ExitCode}): {run.Stderr}");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(run.Stdout)
               ?? throw new InvalidOperationException("try-syscall.py printed nothing");
    }

    private static async Task<string> ReadScriptAsync()
    {
        await using var stream = typeof(SyscallProbes).Assembly.GetManifestResourceStream("try-syscall.py")
                                 ?? throw new InvalidOperationException("try-syscall.py is not embedded");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
