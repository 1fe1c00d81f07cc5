using Microsoft.Extensions.Logging;

namespace Planwerk.Tests.Infrastructure;

/// <summary>
/// With <c>PLANWERK_TEST_ERROR_LOG=/some/file</c>, every error the test apps log (an unhandled exception behind a 500, a
/// failed delivery round) is appended to that file with its exception: the test runner shows none of the apps' logs.
/// </summary>
internal sealed class ErrorLogFile(string path) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public static string? Path => Environment.GetEnvironmentVariable("PLANWERK_TEST_ERROR_LOG") is { Length: > 0 } p ? p : null;

    public ILogger CreateLogger(string categoryName) => new Logger(path, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            lock (Gate)
            {
                File.AppendAllText(path, $"{DateTime.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}\n{exception}\n\n");
            }
        }
    }
}
