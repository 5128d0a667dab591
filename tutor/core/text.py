"""Any text made safe to show: in the terminal by the command line, on screen by the app.

Check messages and learner output can hold anything: lone surrogates (from JSON), terminal
control sequences, NUL bytes. `printable` keeps what a person can read (every printable
character, wide ones included, newlines and tabs) and drops the rest, so printing never raises
and never moves the cursor or changes colours. The engine trims and cleans learner text too;
this is the last step before a person sees it, whatever the text's source.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and the C1 controls (0x80-0x9f: CSI and friends).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CARRIAGE_RETURN_NEWLINE = re.compile(r"\r\n?")


def printable(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD, carriage returns made newlines, and
    every other control character dropped."""
    if not text.isprintable():
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        text = _CONTROL.sub("", _CARRIAGE_RETURN_NEWLINE.sub("\n", text))
    return text
