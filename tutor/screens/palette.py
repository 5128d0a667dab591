"""Command palette entries: open any lesson or exercise by name.

Screen-specific commands (check now, hint, reset, ...) come from each screen's
``palette_commands()``, which the app adds to Textual's system commands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tutor.host import host
from tutor.widgets.text import as_markup, literal


class TutorCommands(Provider):
    """"Open lesson: ..." and "Open exercise: ..." for every loaded pack.

    Titles come from packs: the palette shows them as Content (its own highlighting parses
    strings as markup) and their help lines as markup escaped whole."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], None]]]:
        app = host(self.app)
        for pack in app.course.packs:
            for lesson in pack.lessons:
                yield (f"Open lesson: {lesson.title}", f"Read the lesson ({pack.title})",
                       partial(app.open_lesson, pack, lesson))
                for exercise in lesson.exercises:
                    yield (f"Open exercise: {exercise.id} ({exercise.title})", f"Work on {exercise.file}",
                           partial(app.open_exercise, pack, exercise))

    async def discover(self) -> Hits:
        for text, help_text, command in self._commands():
            yield DiscoveryHit(literal(text), command, text=text, help=as_markup(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _highlight(matcher, text), command, text=text, help=as_markup(help_text))


def _highlight(matcher: Matcher, text: str) -> Content:
    """The text with the letters the query matched in the matcher's style, never parsed."""
    content = literal(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if offset < len(content.plain) and not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
