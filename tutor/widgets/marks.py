"""How an exercise's status is marked, the same on every screen."""

from __future__ import annotations

from textual.content import Content

from tutor.core.progress import Status

STATUS_MARKS = {
    Status.DONE: ("✓", "$text-success", "done"),
    Status.PUBLIC_OK: ("◇", "$text-success", "public checks passed; hidden checks run when graded"),
    Status.IN_PROGRESS: ("◐", "$text-warning", "in progress"),
    Status.NOT_STARTED: ("○", "$text-muted", "not started"),
}


def _entry(status: str) -> tuple[str, str, str]:
    try:
        return STATUS_MARKS[Status(status)]
    except (ValueError, KeyError):
        return STATUS_MARKS[Status.NOT_STARTED]


def status_mark(status: str) -> Content:
    """The status as a coloured symbol."""
    symbol, colour, _ = _entry(status)
    return Content.styled(symbol, colour)


def status_words(status: str) -> str:
    """The status in words ("in progress")."""
    return _entry(status)[2]
