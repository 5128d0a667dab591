"""Any text made safe to show: terminal control sequences stripped and the length capped.

Learner code decides what its exceptions say and what it prints; shown raw, an escape sequence
could clear the instructor's terminal, retitle it, or hide a line. `clean` keeps printable text,
newlines and tabs, and drops everything a terminal would interpret; the engine applies it to all
learner text. `printable` is the last step before a person sees any text, whatever its source
(check messages too, and lone surrogates that JSON can carry), in the command line and the app.
"""

from __future__ import annotations

import re

_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]          # CSI: colours, cursor movement, erasing
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC: window titles, hyperlinks, clipboard
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?  # DCS, SOS, PM, APC strings
    | \x1b[ -/]*[0-~]                # two-character escapes
    | \x1b                           # a lone escape
    """,
    re.VERBOSE,
)
# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that make a
# line read differently from what it says.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def clean(text: str, limit: int | None = None) -> str:
    """``text`` without terminal control sequences (``\\r\\n`` and a lone ``\\r`` become newlines),
    cut to ``limit`` characters with a note of how much was dropped."""
    if not isinstance(text, str):
        text = str(text)
    unread = 0
    if limit is not None and len(text) > 4 * limit + 64:
        unread = len(text) - (4 * limit + 64)  # bound the work before the regular expressions run
        text = text[: 4 * limit + 64]
    text = _ESCAPES.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROLS.sub("", text)
    if limit is not None and (len(text) > limit or unread):
        dropped = max(len(text) - limit, 0) + unread
        text = text[:limit] + f"… [{dropped} more characters]"
    return text


def printable(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD, carriage returns made newlines, and
    every control sequence and character dropped: printing it never raises, never moves the
    cursor, never changes colours."""
    if text.isprintable():
        return text
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return clean(text)
