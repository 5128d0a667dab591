"""The exercise's task: what to write (from the stub's docstrings), the file, and hints shown."""

from __future__ import annotations

import ast

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from tutor.core.model import Exercise
from tutor.widgets.marks import plain


def task_markdown(exercise: Exercise, stub_source: str | None) -> str:
    """The task as Markdown: the stub's module docstring and each function's signature and docstring."""
    parts = [f"## {exercise.title}"]
    try:
        tree = ast.parse(stub_source or "")
    except SyntaxError:
        tree = None
    if tree is not None:
        doc = ast.get_docstring(tree)
        if doc:
            parts.append(doc)
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in exercise.functions:
                signature = f"def {node.name}({ast.unparse(node.args)})"
                parts.append(f"```python\n{signature}\n```")
                function_doc = ast.get_docstring(node)
                if function_doc:
                    parts.append(function_doc)
    if len(parts) == 1:
        parts.append("Write " + ", ".join(f"`{name}()`" for name in exercise.functions) + f" in `{exercise.file}`.")
    return "\n\n".join(parts)


class TaskView(VerticalScroll, can_focus=True):
    """The task text, then the hints shown so far."""

    DEFAULT_CSS = """
    TaskView {
        padding: 0 1;
    }
    TaskView > Markdown {
        margin: 0;
        padding: 0;
    }
    TaskView > #hints {
        margin-top: 1;
        padding: 0 1;
        border-left: wide $warning;
        height: auto;
    }
    """

    def __init__(self, markdown: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._markdown = markdown

    def compose(self) -> ComposeResult:
        yield Markdown(self._markdown)
        yield Static(id="hints")

    def show_hints(self, hints: tuple[str, ...], shown: int) -> None:
        """Show the first `shown` of `hints`."""
        box = self.query_one("#hints", Static)
        if not hints:
            box.update("[$text-muted]This exercise has no hints.[/]")
            return
        lines = [f"[b]Hint {n} of {len(hints)}:[/b] {plain(hint)}" for n, hint in enumerate(hints[:shown], 1)]
        if shown < len(hints):
            lines.append(f"[$text-muted]ctrl+t: {'a' if not shown else 'the next'} hint "
                         f"({len(hints) - shown} more)[/]")
        box.update("\n".join(lines))
