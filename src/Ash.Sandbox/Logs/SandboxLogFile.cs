using System.Buffers;
using Ash.Core.Sandboxes.Logs;

namespace Ash.Sandbox.Logs;

/// <summary>
/// Appends to a session's sandbox log. Indexes continue from the last line on disk, so they keep
/// growing across every process the session has. At <see cref="RotateAtBytes"/> the file is moved
/// aside (replacing the one moved aside before), which keeps a session's log under twice that size.
/// Writing never fails the sandbox: a full disk loses log lines, nothing else.
/// </summary>
internal sealed class SandboxLogFile : IDisposable
{
    public const int RotateAtBytes = 2 * 1024 * 1024;

    /// <summary>Longer lines are cut here (the agent controls what it writes to stderr).</summary>
    public const int MaxTextChars = 4096;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly SandboxLogFiles _files;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    /// <summary>
    /// One line's bytes, shared by every log on the thread (a line is built and written without yielding): a buffer
    /// per log would be held by each of thousands of live sessions for the few lines it writes (issue 14).
    /// </summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_line;

    private FileStream? _stream;
    private long _next;

    private SandboxLogFile(SandboxLogFiles files, TimeProvider time)
    {
        _files = files;
        _time = time;
    }

    public static SandboxLogFile Open(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, OwnerOnly);
        var files = new SandboxLogFiles(directory);
        var log = new SandboxLogFile(files, time) { _next = SandboxLogReader.LastIndex(files) + 1 };
        log._stream = log.TryOpenCurrent();
        return log;
    }

    public void System(string text) => Append(SandboxLogLevels.System, text);

    public void Append(string level, string text)
    {
        lock (_lock)
        {
            if (_stream is null)
            {
                return;
            }

            var line = t_line ??= new ArrayBufferWriter<byte>(512);
            line.ResetWrittenCount();
            SandboxLogLine.Write(line, new SandboxLogEntry(_next, level, Cut(text), _time.GetUtcNow()));
            try
            {
                if (_stream.Length > 0 && _stream.Length + line.WrittenCount > RotateAtBytes)
                {
                    Rotate();
                }

                _stream?.Write(line.WrittenSpan);
                _next++;
            }
            catch (IOException)
            {
                // Out of space or the directory went away with the session: the line is lost.
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    private void Rotate()
    {
        _stream!.Dispose();
        _stream = null;
        File.Move(_files.Current, _files.Previous, overwrite: true);
        _stream = TryOpenCurrent();
    }

    private FileStream? TryOpenCurrent()
    {
        try
        {
            return new FileStream(_files.Current, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                Share = FileShare.Read | FileShare.Delete,
                BufferSize = 0,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Cut(string text)
    {
        if (text.Length <= MaxTextChars)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[MaxTextChars - 1]) ? MaxTextChars - 1 : MaxTextChars;
        return string.Concat(text.AsSpan(0, end), "…");
    }
}
