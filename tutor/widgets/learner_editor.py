"""The learner's file in a code editor that knows what is on disk.

`saved_text` is the file's text as last saved or loaded; the editor is `dirty` while its text
differs. `save()` writes atomically (a crash mid-save keeps the old file); `load()` replaces
the text with the file's new content, keeping the cursor's line where it can. `follow_disk()`
reports saves made by other programs (messages up: `ChangedOnDisk`, or `WatchFailed` when the
system cannot watch the folder); the screen decides what to do with them.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
from pathlib import Path

from textual import work
from textual.message import Message
from textual.widgets import TextArea

from tutor.core.fsutil import atomic_write
from tutor.core.text import printable

WATCH_STEP_MS = 20
"""How often the watcher reports changes; the exercise's check scheduler debounces them."""


class LearnerEditor(TextArea):
    """A Python code editor over one learner file."""

    class ChangedOnDisk(Message):
        """The file changed on disk (saved by another program, or by this editor)."""

    class WatchFailed(Message):
        """The file's folder cannot be watched (e.g. too many watches on the system)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, path: Path, *, id: str | None = None) -> None:
        text, undecodable = _load(path)
        # Soft wrap: at 80 columns a docstring line would otherwise run off the screen.
        super().__init__(text, language="python", soft_wrap=True, tab_behavior="indent", show_line_numbers=True,
                         highlight_cursor_line=True, read_only=undecodable, id=id)
        self.path = path
        self.saved_text = text
        """The file's text as last saved or loaded."""
        self.undecodable = undecodable
        """The file is not UTF-8: shown (undecodable bytes as �) but read-only, and never saved
        over, so its bytes stay as they are until it is fixed in another editor."""
        self._stop_watching = asyncio.Event()

    @property
    def dirty(self) -> bool:
        """Whether the editor holds edits that are not in the file."""
        return self.text != self.saved_text

    def read(self) -> str | None:
        """The file's text now, or None when it cannot be read."""
        try:
            return self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def save(self) -> None:
        """Write the editor's text to the file atomically; OSError if it cannot be written (or
        is not UTF-8 text, which a save would corrupt)."""
        if self.undecodable:
            raise OSError(f"{self.path.name} is not UTF-8 text; save it as UTF-8 in your own editor (ctrl+o)")
        text = self.text
        atomic_write(self.path, text)
        self.saved_text = text

    def load(self, text: str) -> None:
        """Show ``text`` (the file's new content) as saved, the cursor kept on its line."""
        row, column = self.cursor_location
        self.load_text(text)
        self.move_cursor((min(row, self.document.line_count - 1), column))
        self.saved_text = text
        self.undecodable = self.read_only = False

    def disk_changed(self, text: str) -> bool:
        """The file now holds ``text`` (saved by another program). Take it when there are no
        unsaved edits here and return True; with edits, keep them (they still differ from the
        file) and return False."""
        if not self.dirty:
            self.load(text)
            return True
        self.saved_text = text
        return False

    def edit_outside(self) -> bool:
        """Hand the terminal to $VISUAL / $EDITOR (else vi) on the file, then take its new text;
        True if the file changed. The caller saves unsaved edits first. Raises when no terminal
        can be handed over or the editor cannot start."""
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with self.app.suspend():
            subprocess.run([*shlex.split(command), str(self.path)], check=False)
        text = self.read()
        if text is None or text == self.saved_text:
            return False
        self.load(text)
        return True

    @work(exclusive=True, exit_on_error=False, group="watch")
    async def follow_disk(self) -> None:
        """Report every change of the file on disk until the editor is removed."""
        from watchfiles import awatch

        name = self.path.name
        try:
            async for _changes in awatch(self.path.parent, watch_filter=lambda _change, path: Path(path).name == name,
                                         step=WATCH_STEP_MS, stop_event=self._stop_watching, rust_timeout=500,
                                         recursive=False):
                self.post_message(self.ChangedOnDisk())
        except Exception as exc:  # no watching: saves in the app still check
            self.post_message(self.WatchFailed(f"{type(exc).__name__}: {exc}"))

    def on_unmount(self) -> None:
        self._stop_watching.set()


def _load(path: Path) -> tuple[str, bool]:
    """The file's text and whether it failed to decode as UTF-8 ("" for a missing file)."""
    try:
        return path.read_text(encoding="utf-8"), False
    except UnicodeDecodeError:
        return printable(path.read_bytes().decode("utf-8", "replace")), True
    except OSError:
        return "", False
