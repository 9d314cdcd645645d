using Microsoft.Extensions.Logging;

namespace Ash.Storage.Tests.Infrastructure;

/// <summary>Counts the store's warnings (each one a retried attempt), so a test can show its failure really happened.</summary>
public sealed class RetryCountingLogger : ILogger
{
    private int _warnings;

    public int Warnings => Volatile.Read(ref _warnings);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == LogLevel.Warning)
        {
            Interlocked.Increment(ref _warnings);
        }
    }
}
