"""The exercise's task: what to write (from the stub's docstrings), the file, and hints shown."""

from __future__ import annotations

import ast

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutor.core.model import Exercise
from tutor.widgets.text import assemble, lines, literal


def task_parts(exercise: Exercise, stub_source: str | None) -> list[tuple[str, str]]:
    """The task as ("text" | "code", text) parts: the stub's module docstring, then each
    function's signature and docstring, kept as written (docstrings are not Markdown)."""
    parts: list[tuple[str, str]] = []
    try:
        tree = ast.parse(stub_source or "")
    except SyntaxError:
        tree = None
    if tree is not None:
        doc = ast.get_docstring(tree)
        if doc:
            parts.append(("text", doc))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in exercise.functions:
                parts.append(("code", f"def {node.name}({ast.unparse(node.args)}):"))
                function_doc = ast.get_docstring(node)
                if function_doc:
                    parts.append(("text", function_doc))
    if not parts:
        names = ", ".join(f"{name}()" for name in exercise.functions)
        parts.append(("text", f"Write {names} in {exercise.file}."))
    return parts


class TaskView(VerticalScroll, can_focus=True):
    """The task text, then the hints shown so far."""

    DEFAULT_CSS = """
    TaskView {
        padding: 0 1;
    }
    TaskView > .task-title {
        padding: 1 0;
        text-style: bold;
        color: $text-primary;
    }
    TaskView > .task-text {
        margin-bottom: 1;
    }
    TaskView > .task-code {
        margin-bottom: 1;
        padding: 0 1;
        background: $boost;
    }
    TaskView > #hints {
        margin-top: 1;
        padding: 0 1;
        border-left: wide $warning;
        height: auto;
    }
    """

    def __init__(self, title: str, parts: list[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title, self._parts = title, parts

    def compose(self) -> ComposeResult:
        from rich.syntax import Syntax

        yield Static(literal(self._title), classes="task-title")
        for kind, text in self._parts:
            if kind == "code":
                yield Static(Syntax(text, "python", theme="ansi_dark", background_color="default"), classes="task-code")
            else:
                yield Static(literal(text), classes="task-text")
        yield Static(id="hints")

    def show_hints(self, hints: tuple[str, ...], shown: int) -> None:
        """Show the first `shown` of `hints`."""
        box = self.query_one("#hints", Static)
        if not hints:
            box.update(literal("This exercise has no hints.", "$text-muted"))
            return
        rows = [assemble((f"Hint {n} of {len(hints)}: ", "bold"), hint) for n, hint in enumerate(hints[:shown], 1)]
        if shown < len(hints):
            rows.append(literal(f"ctrl+t: {'a' if not shown else 'the next'} hint ({len(hints) - shown} more)",
                                "$text-muted"))
        box.update(lines(*rows))
