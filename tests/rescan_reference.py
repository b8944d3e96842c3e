"""The reference for ``SignRegistry.find_stream``, shared by the fast-path tests.

``find_stream`` as first written: the previous message's tail joined to the new message's
first words and scanned like any message. The registry's fast path must give exactly this.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from guardline.core.model import Message, Signal
from guardline.signs import SignRegistry, message_tail

#: the new message's first four words (the definition the fast path replaced)
HEAD = re.compile(r"^\s*\S+(?:\s+\S+){0,3}")


def sort_key(s: Signal) -> tuple[int, int, str]:
    return (s.span[0], s.span[1], s.sign)


def find_stream_plain(
    reg: SignRegistry,
    message: Message,
    tail: tuple[str, frozenset[str]] | None,
    tail_of: Callable[[str], str] = message_tail,
    on_joined: Callable[[str], object] | None = None,
) -> tuple[list[Signal], tuple[str, frozenset[str]]]:
    """Signals of ``message`` given the author's previous ``tail`` (text, signs found), and
    the new tail (``tail_of`` the text); ``on_joined`` sees each joined text before its scan."""
    own = reg.find(message)
    out = own
    if tail is not None and tail[0] and message.text:
        head = HEAD.match(message.text)
        if head is not None:
            prev, prev_signs = tail
            b = len(prev) + 1
            text = prev + " " + head.group()
            if on_joined is not None:
                on_joined(text)
            joined = Message(message.conversation_id, message.index, message.author, text)
            extra = []
            for s in reg.find(joined):
                a, e = s.span
                if a >= b or e <= b or s.sign in prev_signs:
                    continue
                span = (max(a - b, 0), e - b)
                if any(
                    o.sign == s.sign and o.span[0] < span[1] and span[0] < o.span[1] for o in own
                ):
                    continue
                extra.append(
                    Signal(s.sign, s.stage, message.index, message.author, span, s.strength)
                )
            if extra:
                out = sorted(own + extra, key=sort_key)
    return out, (tail_of(message.text), frozenset(s.sign for s in out))
