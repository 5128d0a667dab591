"""How an exercise's status is marked, the same on every screen."""

from __future__ import annotations

from textual.markup import escape

from tutor.core.progress import Status

STATUS_MARKS = {
    Status.DONE: ("✓", "$text-success", "done"),
    Status.PUBLIC_OK: ("◇", "$text-success", "public checks passed; hidden checks run when graded"),
    Status.IN_PROGRESS: ("◐", "$text-warning", "in progress"),
    Status.NOT_STARTED: ("○", "$text-muted", "not started"),
}


def status_mark(status: str) -> str:
    """The status as Textual content markup: a coloured symbol."""
    symbol, colour, _ = STATUS_MARKS.get(status, STATUS_MARKS[Status.NOT_STARTED])
    return f"[{colour}]{symbol}[/]"


def status_words(status: str) -> str:
    return STATUS_MARKS.get(status, STATUS_MARKS[Status.NOT_STARTED])[2]


def plain(text: str) -> str:
    """Text from a pack or a learner, made safe to place inside content markup."""
    return escape(text)
