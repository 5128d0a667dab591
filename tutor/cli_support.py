"""What every subcommand module shares: exit statuses, the usage error, and colour on a terminal.

Standard library only: `latent-tutor check` must start as fast as Python plus NumPy.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_CHECKS = 3
"""`grade`: a check itself broke (the pack author's bug); every output was still written."""


class UsageError(Exception):
    """A usage or pack error: printed plainly, exit status 2."""


def color(text: str, code: str, stream: TextIO | None = None) -> str:
    """``text`` in the ANSI colour ``code`` when ``stream`` (default stdout) is a terminal and
    NO_COLOR is unset."""
    stream = sys.stdout if stream is None else stream
    if stream.isatty() and not os.environ.get("NO_COLOR"):
        return f"\033[{code}m{text}\033[0m"
    return text
