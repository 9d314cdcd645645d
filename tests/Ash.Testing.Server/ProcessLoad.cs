using System.Diagnostics;
using System.Globalization;

namespace Ash.Testing.Server;

/// <summary>
/// What this process (the in-process test server) spends while something runs: CPU time, and the highest
/// resident memory seen, sampled every 100 ms. Figures for the test output, never timing assertions.
/// </summary>
public sealed class ProcessLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly Task _sampling;

    private ProcessLoad()
    {
        RssBefore = ResidentBytes();
        PeakRss = RssBefore;
        _sampling = SampleAsync();
    }

    public long RssBefore { get; }

    public long PeakRss { get; private set; }

    public static ProcessLoad Start() => new();

    /// <summary>Stops sampling; returns CPU time used per wall-clock second (1.0 = one core busy).</summary>
    public async Task<string> StopAsync(string what)
    {
        await _stop.CancelAsync();
        await _sampling;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuBefore;
        var report = string.Create(CultureInfo.InvariantCulture,
            $"[{what}] {_wall.Elapsed.TotalSeconds:0.0} s, server CPU {cpu.TotalSeconds:0.0} s ({cpu / _wall.Elapsed:0.00} cores), RSS {RssBefore >> 20} MiB before, {PeakRss >> 20} MiB at most");
        Figures.Report(report);
        return report;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                PeakRss = Math.Max(PeakRss, ResidentBytes());
                await Task.Delay(100, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
