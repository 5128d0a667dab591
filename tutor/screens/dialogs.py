"""Modal dialogs: confirm, unsaved changes, and the reference solution."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from tutor.core.text import printable
from tutor.widgets.text import assemble, literal


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; dismisses with True when confirmed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", "Cancel"),
        Binding("y", "confirm", "Confirm"),
    ]

    def __init__(self, title: str, body: str, confirm: str = "Confirm", *, danger: bool = True) -> None:
        super().__init__()
        self._title, self._body, self._confirm, self._danger = title, body, confirm, danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self._title, "bold"), classes="dialog-title")
            yield Static(literal(self._body), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self._confirm} (y)", variant="error" if self._danger else "primary", id="confirm")
                yield Button("Cancel (n)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class UnsavedDialog(ModalScreen[str]):
    """Leaving with unsaved edits: dismisses with "save", "discard" or "cancel"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,c", "choose('cancel')", "Stay"),
        Binding("s", "choose('save')", "Save"),
        Binding("d", "choose('discard')", "Discard"),
    ]

    def __init__(self, file: str) -> None:
        super().__init__()
        self._file = file

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal("Unsaved changes", "bold"), classes="dialog-title")
            yield Static(literal(f"{self._file} has edits that are not saved."), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (s)", variant="primary", id="save")
                yield Button("Discard (d)", variant="error", id="discard")
                yield Button("Stay (c)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class SolutionDialog(ModalScreen[None]):
    """The reference solution, read-only, with Python highlighting."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Close")]

    def __init__(self, title: str, code: str) -> None:
        super().__init__()
        self._title, self._code = title, code

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(assemble((f"Reference solution: {self._title}", "bold"),
                                  ("  (escape to close)", "$text-muted")), classes="dialog-title")
            yield TextArea.code_editor(printable(self._code), language="python", read_only=True, id="solution-code",
                                       soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_close(self) -> None:
        self.dismiss(None)
