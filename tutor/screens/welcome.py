"""The welcome shown once, when the tutor creates a learner's workspace."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class WelcomeDialog(ModalScreen[None]):
    """Shown once, when a new workspace is created: the packs' welcome texts and where files live."""

    BINDINGS = [Binding("escape,enter", "close", "Start")]

    def __init__(self, welcomes: list[tuple[str, str]], workspace: str) -> None:
        super().__init__()
        self._welcomes, self._workspace = welcomes, workspace

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            for title, text in self._welcomes:
                yield Static(f"[b]Welcome to {title}[/b]", classes="dialog-title")
                yield Static(" ".join(text.split()), classes="dialog-body")
            yield Static(f"Your exercise files are in [b]{self._workspace}[/b]. Edit them here or in your own "
                         "editor: every save is checked.", classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start (enter)", variant="primary", id="start")

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
