"""A connection dropped in the middle of a turn, for real: a proxy between the client and the server
cuts the turn's stream after a few text deltas; the client re-attaches with Last-Event-ID and the
events it passes on are exactly the turn's, as the server's stream log has them."""

from __future__ import annotations

from urllib.parse import urlparse

from ash_on_dapr import AshClient, Session, TextDeltaEvent, TurnCompleteEvent
from ash_server import AshServer
from cutting_proxy import CuttingProxy
from test_turns import assert_the_whole_turn, text_of

SLOW_TURN = "[[slow:100:30]]"


def test_a_dropped_turn_stream_is_reattached_without_loss_or_repeats(server: AshServer, client: AshClient, session: Session) -> None:
    with CuttingProxy(urlparse(server.url).port or 0, cut_after_deltas=3) as proxy:
        with AshClient(proxy.url, server.api_key) as through_proxy:
            stream = through_proxy.send_message_stream(session.id, SLOW_TURN)
            events = list(stream)

    assert proxy.cuts == 1 and stream.reconnects == 1
    deltas_before_cut = [e for e in events if isinstance(e, TextDeltaEvent)][:3]
    reattach = proxy.requests[-1].decode().lower()
    assert reattach.startswith(f"get /api/sessions/{session.id}/stream ")
    assert f"last-event-id: {deltas_before_cut[-1].id}" in reattach
    assert_the_whole_turn(client, session.id, events)
    (complete,) = [e for e in events if isinstance(e, TurnCompleteEvent)]
    assert text_of(events) == complete.result == "".join(f"tick{i} " for i in range(30))
