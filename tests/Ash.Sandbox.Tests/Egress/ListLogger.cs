using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.Tests.Egress;

/// <summary>Keeps every log entry, so tests can check what the proxy said about each decision.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<(int EventId, string Message)> _entries = new();

    public IReadOnlyCollection<(int EventId, string Message)> Entries => _entries;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((eventId.Id, formatter(state, exception)));
}
