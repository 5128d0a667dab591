"""How an exercise's status is marked, the same on every screen."""

from __future__ import annotations

from textual.markup import escape

STATUS_MARKS = {
    "done": ("✓", "$text-success", "done"),
    "in-progress": ("◐", "$text-warning", "in progress"),
    "not-started": ("○", "$text-muted", "not started"),
}


def status_mark(status: str) -> str:
    """The status as Textual content markup: a coloured symbol."""
    symbol, colour, _ = STATUS_MARKS.get(status, STATUS_MARKS["not-started"])
    return f"[{colour}]{symbol}[/]"


def status_words(status: str) -> str:
    return STATUS_MARKS.get(status, STATUS_MARKS["not-started"])[2]


def plain(text: str) -> str:
    """Text from a pack or a learner, made safe to place inside content markup."""
    return escape(text)
