"""Text for the screen built as `Content`, never as markup strings.

Check messages, learner output, pack titles and file paths can hold anything: ``[``, ``\\``,
``[/]``, control characters. Parsed as markup, such text ends the app (MarkupError) or shows
wrongly (a stray backslash from escaping), so no screen builds markup by concatenation: every
piece of text from outside is a literal part of a `Content`, styled by theme variables::

    assemble(("✗ ", "$text-error"), check.name, (" (hidden)", "$text-muted"))
"""

from __future__ import annotations

from typing import TypeAlias

from textual.content import Content

from tutor.core.text import printable

Part: TypeAlias = "str | Content | tuple[str, str]"
"""A piece of a line: literal text, Content, or (literal text, style)."""


def literal(text: str, style: str = "") -> Content:
    """``text`` exactly as written (made printable), in ``style``."""
    return Content.styled(printable(text), style) if style else Content(printable(text))


def assemble(*parts: Part) -> Content:
    """One Content from literal strings, (literal string, style) pairs and Content."""
    cleaned: list[str | Content | tuple[str, str]] = []
    for part in parts:
        if isinstance(part, str):
            cleaned.append(printable(part))
        elif isinstance(part, tuple):
            cleaned.append((printable(part[0]), part[1]))
        else:
            cleaned.append(part)
    return Content.assemble(*cleaned)


def lines(*rows: Content) -> Content:
    """Contents joined by newlines."""
    return Content("\n").join(rows)


def as_markup(text: str) -> str:
    """``text`` (made printable) as content markup that reads back as exactly that text, for the
    few Textual APIs that take nothing but markup (the command palette's help line). Every
    ``[`` is escaped; Textual's own `escape` leaves some, such as the one in "[0, inf)"."""
    return printable(text).replace("[", "\\[")
