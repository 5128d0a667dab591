"""The welcome shown on the learner's first start of the app, whatever made the workspace."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tutor.widgets.text import assemble, literal


class WelcomeDialog(ModalScreen[None]):
    """Shown once per workspace (remembered in the progress store as "welcomed"): the packs'
    welcome texts and where the files live."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", "Start")]

    def __init__(self, welcomes: list[tuple[str, str]], workspace: str) -> None:
        super().__init__()
        self._welcomes, self._workspace = welcomes, workspace

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            for title, text in self._welcomes:
                yield Static(literal(f"Welcome to {title}", "bold"), classes="dialog-title")
                yield Static(literal(" ".join(text.split())), classes="dialog-body")
            yield Static(assemble("Your exercise files are in ", (self._workspace, "bold"),
                                  ". Edit them here or in your own editor: every save is checked."),
                         classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start (enter)", variant="primary", id="start")

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
