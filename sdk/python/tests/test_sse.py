"""The event-stream decoder, fed the way a network delivers: in arbitrary pieces."""

from __future__ import annotations

from ash_on_dapr.sse import SseDecoder, SseFrame

STREAM = "id: 1\nevent: text_delta\ndata: {\"delta\":\"Hel\"}\n\n: keepalive\n\nid: 2\nevent: done\ndata: {}\n\n"


def decode_in_pieces(text: str, size: int) -> list[SseFrame]:
    decoder = SseDecoder()
    frames: list[SseFrame] = []
    for start in range(0, len(text), size):
        frames += decoder.feed(text[start : start + size])
    return frames


def test_frames_come_out_whole_however_the_text_is_cut() -> None:
    expected = [SseFrame("text_delta", '{"delta":"Hel"}', "1"), SseFrame("done", "{}", "2")]
    for size in (1, 2, 3, 7, len(STREAM)):
        assert decode_in_pieces(STREAM, size) == expected


def test_crlf_and_cr_line_ends_even_split_between_pieces() -> None:
    crlf = STREAM.replace("\n", "\r\n")
    cr = STREAM.replace("\n", "\r")
    for size in (1, 4, len(crlf)):
        assert decode_in_pieces(crlf, size) == decode_in_pieces(STREAM, 100)
        assert decode_in_pieces(cr, size) == decode_in_pieces(STREAM, 100)


def test_data_lines_of_a_frame_are_joined_by_newlines() -> None:
    assert SseDecoder().feed("data: first\ndata:second\ndata\n\n") == [SseFrame("message", "first\nsecond\n", None)]


def test_comments_and_frames_without_data_are_no_events() -> None:
    assert SseDecoder().feed(": keepalive\n\nevent: orphan\nid: 5\n\nretry: 100\n\n") == []


def test_an_unnumbered_frame_has_no_id_and_ids_do_not_leak_to_the_next_frame() -> None:
    frames = SseDecoder().feed('id: 9\nevent: a\ndata: 1\n\nevent: error\ndata: {"code":"x"}\n\n')
    assert [f.id for f in frames] == ["9", None]


def test_a_frame_is_held_until_its_blank_line_arrives() -> None:
    decoder = SseDecoder()
    assert decoder.feed("id: 1\nevent: done\ndata: {}\n") == []
    assert decoder.feed("\n") == [SseFrame("done", "{}", "1")]


def test_a_leading_byte_order_mark_is_dropped() -> None:
    assert SseDecoder().feed("\ufeffevent: x\ndata: 1\n\n") == [SseFrame("x", "1", None)]


def test_a_cr_that_ended_a_piece_takes_only_the_lf_right_after_it() -> None:
    decoder = SseDecoder()
    assert decoder.feed("data: 1\r") == []
    assert decoder.feed("\n") == []
    assert decoder.feed("\n") == [SseFrame("message", "1", None)]


def test_a_long_line_is_kept_whole_across_many_pieces() -> None:
    long = "x" * 100_000
    assert decode_in_pieces(f"id: 7\ndata: {long}\n\n", 997) == [SseFrame("message", long, "7")]
