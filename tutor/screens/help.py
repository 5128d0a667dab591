"""Every key binding, read from the screens' and widgets' BINDINGS so it never drifts."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

EDITOR_KEYS = [
    ("ctrl+z / ctrl+y", "undo / redo"),
    ("ctrl+x / ctrl+c / ctrl+v", "cut / copy / paste"),
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


def bindings_table(title: str, bindings: list[Binding | tuple]) -> Table:
    """A table of key and what it does."""
    table = Table(title=Text(title, style="bold"), title_justify="left", show_header=False, box=None,
                  padding=(0, 2, 0, 1), expand=True)
    table.add_column("key", style="bold", no_wrap=True, width=18)
    table.add_column("does")
    rows: dict[str, list[str]] = {}
    for binding in bindings:
        if isinstance(binding, tuple):
            binding = Binding(*binding[:3]) if len(binding) >= 3 else Binding(binding[0], "", binding[1])
        if not isinstance(binding, Binding):
            continue
        key = binding.action or binding.key  # keys bound to the same action share a row
        entry = rows.setdefault(key, [[], ""])
        entry[0].append(_keys(binding))
        if not entry[1] or binding.tooltip:
            entry[1] = binding.tooltip or binding.description
    for keys, does in rows.values():
        table.add_row(" / ".join(keys), does)
    return table


def help_sections() -> list[tuple[str, list]]:
    """(section title, bindings) for every screen and widget with key bindings."""
    from tutor.app import TutorApp
    from tutor.screens.exercise import ExerciseScreen
    from tutor.screens.lesson import LessonScreen
    from tutor.screens.lesson_map import LessonMapScreen
    from tutor.widgets.lesson_list import LessonList
    from tutor.widgets.playgrounds.als import AlsPlayground
    from tutor.widgets.playgrounds.attention import AttentionPlayground
    from tutor.widgets.playgrounds.svd import TruncatedSvdPlayground

    everywhere = list(TutorApp.BINDINGS) + [Binding("ctrl+p", "", "Command palette: open any lesson or exercise, "
                                                                   "check, hint, reset, theme...")]
    return [
        ("Everywhere", everywhere),
        ("Lesson map", list(LessonList.BINDINGS) + list(LessonMapScreen.BINDINGS)
         + [Binding("up / down", "", "Move through lessons and exercises")]),
        ("Lesson reader", list(LessonScreen.BINDINGS) + [Binding("up / down / pageup / pagedown", "", "Scroll")]),
        ("Exercise", list(ExerciseScreen.BINDINGS)),
        ("Code editor", [Binding(key, "", does) for key, does in EDITOR_KEYS]),
        ("Playgrounds", list(TruncatedSvdPlayground.BINDINGS) + list(AlsPlayground.BINDINGS)
         + list(AttentionPlayground.BINDINGS)),
        ("Dialogs", [Binding("y / n", "", "Confirm / cancel"), Binding("s / d / c", "", "Unsaved edits: save / discard / stay"),
                     Binding("escape", "", "Close")]),
    ]


class HelpScreen(ModalScreen[None]):
    """Key bindings, grouped by screen."""

    BINDINGS = [Binding("escape,f1,q,question_mark", "close", "Close")]

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
                for title, bindings in help_sections():
                    yield Static(bindings_table(title, bindings))
                yield Static(
                    "Your exercise files live in the workspace shown on the lesson map; edit them here or in "
                    "any editor: every save runs the checks. Hints count toward nothing but your own record."
                )

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
