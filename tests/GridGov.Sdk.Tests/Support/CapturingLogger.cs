using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GridGov.Sdk.Tests.Support;

/// <summary>Every log line the SDK wrote: the formatted message, each structured value, and the exception's message.</summary>
public sealed class LogSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public void Add(string line) => _lines.Enqueue(line);
}

/// <summary>An <see cref="ILogger{T}"/> that writes into a <see cref="LogSink"/>; register it for <c>ILogger&lt;&gt;</c>.</summary>
public sealed class CapturingLogger<T>(LogSink sink) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
        sink.Add($"{logLevel} {eventId.Id} {formatter(state, exception)} [{values}] {exception?.Message}");
    }
}
