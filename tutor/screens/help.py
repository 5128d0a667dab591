"""Every key binding, read from the screens' and widgets' BINDINGS so it never drifts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

EDITOR_KEYS = [
    ("ctrl+z / ctrl+y", "undo / redo"),
    ("ctrl+x / c / v", "cut / copy / paste"),
    ("ctrl+a / ctrl+e", "start / end of line"),
    ("ctrl+w / ctrl+k", "delete word left / to end of line"),
    ("tab / escape", "indent / leave the editor"),
]


def _keys(binding: Binding) -> str:
    names = []
    for key in binding.key.split(","):
        key = key.strip()
        names.append({"question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]",
                      "equals_sign": "=", "minus": "-", "plus": "+"}.get(key, key))
    return " / ".join(names)


def _rows(bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """(keys, what they do): keys bound to the same action (and description) share a row."""
    keys: dict[tuple[str, str], list[str]] = {}
    does: dict[tuple[str, str], str] = {}
    for binding in bindings:
        row = (binding.action or binding.key, binding.description)
        keys.setdefault(row, []).append(_keys(binding))
        if row not in does or binding.tooltip:
            does[row] = binding.tooltip or binding.description
    return [(" / ".join(names), does[row]) for row, names in keys.items()]


def bindings_table(title: str, bindings: Iterable[Binding], key_width: int = 18) -> Table:
    """A table of key and what it does, the keys ``key_width`` wide."""
    table = Table(title=Text(title, style="bold"), title_justify="left", show_header=False, box=None,
                  padding=(0, 2, 0, 1), expand=True)
    table.add_column("key", style="bold", no_wrap=True, width=key_width)
    table.add_column("does", ratio=1)
    for keys, does in _rows(bindings):
        table.add_row(Text(keys), Text(does))
    return table


def key_width(sections: list[tuple[str, list[Binding]]], widest: int = 20) -> int:
    """One width for every section's key column (aligned tables), at most ``widest``."""
    return min(widest, max((len(keys) for _, bindings in sections for keys, _ in _rows(bindings)), default=8))


def _described(pairs: Iterable[tuple[str, str]]) -> list[Binding]:
    """Keys that are no binding of ours (the editor's, the list's) as rows of the table."""
    return [Binding(key, "", does) for key, does in pairs]


def help_sections(everywhere: Iterable[Binding]) -> list[tuple[str, list[Binding]]]:
    """(section title, bindings) for every screen and widget with key bindings; ``everywhere``
    are the app's own bindings."""
    from tutor.screens.course_end import CourseEndScreen
    from tutor.screens.exercise import ExerciseScreen
    from tutor.screens.lesson import LessonScreen
    from tutor.screens.lesson_map import LessonMapScreen
    from tutor.widgets.lesson_list import LessonList
    from tutor.widgets.playgrounds import playground_classes

    playgrounds = [(f"Playground: {name}", _bindings(panel)) for name, panel in playground_classes().items()]
    return [
        ("Everywhere", [b for b in everywhere if isinstance(b, Binding)]
         + _described([("ctrl+p", "Command palette: open any lesson or exercise, check, hint, reset, theme...")])),
        ("Lesson map", _bindings(LessonList) + _bindings(LessonMapScreen)
         + _described([("up / down", "Move through lessons and exercises")])),
        ("Lesson reader", _bindings(LessonScreen) + _described([("arrows, page keys", "Scroll")])),
        ("Exercise", _bindings(ExerciseScreen)),
        ("Code editor", _described(EDITOR_KEYS)),
        *playgrounds,
        ("Course's end", _bindings(CourseEndScreen)),
        ("Dialogs", _described([("y / n", "Confirm / cancel"), ("s / d / c", "Unsaved edits: save / discard / stay"),
                                ("escape", "Close")])),
    ]


def _bindings(owner: type) -> list[Binding]:
    return [b for b in getattr(owner, "BINDINGS", []) if isinstance(b, Binding)]


class HelpScreen(ModalScreen[None]):
    """Key bindings, grouped by screen."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q,question_mark", "close", "Close")]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        background: $background 60%;
    }
    HelpScreen > Vertical {
        width: 90;
        max-width: 100%;
        height: 100%;
        border: thick $primary;
        background: $surface;
    }
    HelpScreen #help-title {
        padding: 0 1;
        background: $primary;
        color: $text;
    }
    HelpScreen VerticalScroll > Static {
        margin-bottom: 1;
    }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Keys[/b] · escape closes · up/down scroll", id="help-title")
            with VerticalScroll(id="help-body"):
                sections = help_sections(_bindings(type(self.app)))
                width = key_width(sections)
                for title, bindings in sections:
                    yield Static(bindings_table(title, bindings, width))
                yield Static(
                    "Your exercise files live in the workspace shown on the lesson map; edit them here or in "
                    "any editor: every save runs the checks. Hints count toward nothing but your own record."
                )

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
