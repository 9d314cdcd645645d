using System.Buffers;
using System.Text.Json;
using Ash.Sandbox.ModelProxy.Bedrock;

namespace Ash.Sandbox.ModelProxy;

/// <summary>What a Messages API answer said it used.</summary>
internal readonly record struct MeteredUsage(string Model, long InputTokens, long OutputTokens, long CacheCreationTokens, long CacheReadTokens);

/// <summary>
/// Reads the usage out of a Messages API answer as its bytes pass through the proxy, without holding the
/// answer back: for a stream, the <c>message_start</c> event (model, input and cache tokens) and the
/// <c>message_delta</c> events (cumulative output tokens, and input and cache tokens where the API repeats
/// them); for a plain JSON answer, its <c>model</c> and <c>usage</c>; for Bedrock's streamed answer, the same
/// events inside its event-stream frames (<see cref="EventStreamDecoder"/>). Only lines and frames that can carry
/// usage are kept, and only up to a bound, so a long answer costs no memory.
/// </summary>
internal sealed class UsageMeter
{
    /// <summary>A <c>message_start</c> or <c>message_delta</c> line is a few hundred bytes; a longer line is content and is skipped.</summary>
    private const int MaxLineBytes = 64 * 1024;

    /// <summary>A non-streamed answer is parsed whole up to this size (a 64k-token reply is ~300 KB), not at all beyond it.</summary>
    private const int MaxJsonBytes = 8 * 1024 * 1024;

    private readonly bool _streaming;
    private readonly EventStreamDecoder? _frames;
    private readonly BedrockChunkHandler? _onChunk;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private bool _skippingLine;
    private bool _overflowed;
    private string? _model;
    private long _input;
    private long _output;
    private long _cacheCreation;
    private long _cacheRead;
    private bool _seen;

    private UsageMeter(bool streaming, bool eventStream, string? requestedModel)
    {
        _streaming = streaming;
        _model = requestedModel;
        if (eventStream)
        {
            _frames = new EventStreamDecoder();
            _onChunk = ReadEvent;
        }
    }

    /// <summary>A meter for an answer with this content type, or null when the answer cannot carry usage we can read.</summary>
    /// <param name="requestedModel">The model the request named outside its body (Bedrock's path), recorded when the answer names none.</param>
    public static UsageMeter? For(string? mediaType, bool encoded, string? requestedModel = null) => encoded
        ? null
        : mediaType switch
        {
            "text/event-stream" => new UsageMeter(streaming: true, eventStream: false, requestedModel),
            BedrockRoutes.EventStreamMediaType => new UsageMeter(streaming: true, eventStream: true, requestedModel),
            "application/json" => new UsageMeter(streaming: false, eventStream: false, requestedModel),
            _ => null,
        };

    public void Feed(ReadOnlySpan<byte> data)
    {
        if (_frames is not null)
        {
            _frames.Feed(data, _onChunk!);
            return;
        }

        if (!_streaming)
        {
            if (_buffer.WrittenCount + data.Length > MaxJsonBytes)
            {
                _overflowed = true;
                return;
            }

            _buffer.Write(data);
            return;
        }

        while (data.Length > 0)
        {
            var newline = data.IndexOf((byte)'\n');
            var part = newline < 0 ? data : data[..newline];
            if (!_skippingLine)
            {
                if (_buffer.WrittenCount + part.Length > MaxLineBytes)
                {
                    _skippingLine = true;
                    _buffer.ResetWrittenCount();
                }
                else
                {
                    _buffer.Write(part);
                }
            }

            if (newline < 0)
            {
                return;
            }

            if (!_skippingLine)
            {
                ReadLine(_buffer.WrittenSpan);
            }

            _buffer.ResetWrittenCount();
            _skippingLine = false;
            data = data[(newline + 1)..];
        }
    }

    /// <summary>The usage read, or null when the answer held none (an error, a cut-off stream before <c>message_start</c>).</summary>
    public MeteredUsage? Complete()
    {
        if (!_streaming && !_overflowed && _buffer.WrittenCount > 0)
        {
            ReadMessage(_buffer.WrittenSpan);
        }

        return _seen ? new MeteredUsage(_model ?? "unknown", _input, _output, _cacheCreation, _cacheRead) : null;
    }

    private void ReadLine(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (!line.StartsWith("data:"u8))
        {
            return;
        }

        ReadEvent(line["data:".Length..].TrimStart((byte)' '));
    }

    /// <summary>One stream event's JSON: <c>message_start</c> and <c>message_delta</c> carry usage, the rest is skipped unparsed.</summary>
    private void ReadEvent(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\"message_start\""u8) < 0 && json.IndexOf("\"message_delta\""u8) < 0)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return;
            }

            if (type.ValueEquals("message_start"u8) && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                ReadModelAndUsage(message);
            }
            else if (type.ValueEquals("message_delta"u8) && root.TryGetProperty("usage", out var usage))
            {
                ReadUsage(usage);
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: the agent gets the bytes as they were; there is just no usage in them.
        }
    }

    private void ReadMessage(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var type) && type.ValueEquals("message"u8))
            {
                ReadModelAndUsage(document.RootElement);
            }
        }
        catch (JsonException)
        {
        }
    }

    private void ReadModelAndUsage(JsonElement message)
    {
        if (message.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String)
        {
            _model = model.GetString();
        }

        if (message.TryGetProperty("usage", out var usage))
        {
            ReadUsage(usage);
        }
    }

    /// <summary>Every count the API gives is the total so far, so the last one seen wins.</summary>
    private void ReadUsage(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        _seen = true;
        _input = Count(usage, "input_tokens", _input);
        _output = Count(usage, "output_tokens", _output);
        _cacheCreation = Count(usage, "cache_creation_input_tokens", _cacheCreation);
        _cacheRead = Count(usage, "cache_read_input_tokens", _cacheRead);
    }

    private static long Count(JsonElement usage, string name, long previous) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0 ? count : previous;
}
