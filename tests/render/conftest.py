"""Rendering helpers for the renderable tests: plain text, segment lines and cell styles."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style


@dataclass
class Rendered:
    """A renderable drawn at a fixed width: its text and its lines of segments."""

    text: str
    lines: list[list[Segment]]

    @property
    def text_lines(self) -> list[str]:
        """The exported text, line by line."""
        return self.text.splitlines()

    def line_texts(self) -> list[str]:
        """Each line's text as drawn (without trailing padding)."""
        return ["".join(segment.text for segment in line).rstrip() for line in self.lines]

    def padded(self) -> list[str]:
        """Each line's text padded with spaces to the longest line, for column lookups."""
        texts = self.line_texts()
        width = max(map(len, texts), default=0)
        return [text.ljust(width) for text in texts]

    def style_at(self, row: int, column: int) -> Style:
        """The style of the character cell at (`row`, `column`) (a null style if it has none)."""
        position = 0
        for segment in self.lines[row]:
            if position <= column < position + segment.cell_length:
                return segment.style or Style.null()
            position += segment.cell_length
        raise IndexError(f"no cell at column {column} of line {row}")

    def find(self, needle: str) -> tuple[int, int]:
        """(line, column) of the first occurrence of `needle`."""
        for row, line in enumerate(self.line_texts()):
            column = line.find(needle)
            if column >= 0:
                return row, column
        raise AssertionError(f"{needle!r} not found in:\n{self.text}")


#: The `render` fixture: draw a renderable at a width (default 80).
Render = Callable[..., Rendered]


def _console(width: int) -> Console:
    return Console(
        width=width,
        record=True,
        color_system="truecolor",
        force_terminal=True,
        file=io.StringIO(),
    )


@pytest.fixture
def render() -> Render:
    """Draw a renderable at `width` (default 80): printed text plus its segment lines."""

    def draw(renderable: RenderableType, width: int = 80) -> Rendered:
        console = _console(width)
        console.print(renderable)
        text = console.export_text()
        lines = console.render_lines(renderable, console.options, pad=False)
        return Rendered(text, lines)

    return draw
