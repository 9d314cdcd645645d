#!/usr/bin/env python3
"""Prints the event-stream bytes in EventStreamDecoderTests.cs: frames built here with zlib's CRC-32 (not our code),
then read back by botocore's own event-stream parser to show they are what Bedrock's clients accept.

Run: python3 event_stream_vector.py   (needs botocore: `apt-get install python3-botocore` or pip).
"""
import base64
import json
import struct
import zlib

from botocore.eventstream import EventStreamBuffer


def header(name, value):
    name, value = name.encode(), value.encode()
    return bytes([len(name)]) + name + bytes([7]) + struct.pack(">H", len(value)) + value


def frame(headers, payload):
    total = 12 + len(headers) + len(payload) + 4
    prelude = struct.pack(">II", total, len(headers))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    body = prelude + headers + payload
    return body + struct.pack(">I", zlib.crc32(body))


def chunk(event):
    data = json.dumps(event, separators=(",", ":")).encode()
    payload = json.dumps({"bytes": base64.b64encode(data).decode(), "p": "abcdefgh"}, separators=(",", ":")).encode()
    return frame(header(":event-type", "chunk") + header(":content-type", "application/json") + header(":message-type", "event"), payload)


start = {"type": "message_start", "message": {"id": "msg_bdrk_1", "type": "message", "role": "assistant",
         "model": "claude-sonnet-4-5-20250929", "content": [], "stop_reason": None,
         "usage": {"input_tokens": 120, "cache_creation_input_tokens": 30, "cache_read_input_tokens": 900, "output_tokens": 1}}}
delta = {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 42}}
# An exception frame carries an error, not a chunk: a reader must pass over it.
error = frame(header(":exception-type", "throttlingException") + header(":content-type", "application/json") + header(":message-type", "exception"),
              b'{"message":"message_delta {\\"usage\\":{\\"output_tokens\\":999}}"}')
stream = chunk(start) + error + chunk(delta)

parser = EventStreamBuffer()
parser.add_data(stream)
print("botocore read", [m.headers.get(":event-type") or m.headers.get(":exception-type") for m in parser])
print(stream.hex())
