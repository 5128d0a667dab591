"""The playground panel every exercise playground builds on.

Attributes down: the exercise screen calls `use(source, owner)` with the file whose functions
draw (the learner's once it passes, else the reference solution, else None). A playground's
`compute()` runs in a thread worker, calls those functions through the grading worker (isolated,
under the exercise's limits) with `call()`, and returns a Rich renderable; the worker only posts
messages, and the handlers here update the widgets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import RenderableType
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from tutor.core.model import Exercise
from tutor.widgets.marks import plain


class PlaygroundProblem(Exception):
    """A function the playground needs is missing or failed; the message says which and why."""


class Playground(VerticalScroll, can_focus=True):
    """A panel of pictures drawn by the exercise's functions. Subclasses implement `compute`."""

    DEFAULT_CSS = """
    Playground {
        padding: 0 1;
    }
    Playground > #pg-owner {
        color: $text-muted;
        height: auto;
    }
    Playground > #pg-controls {
        height: auto;
    }
    Playground > #pg-progress {
        display: none;
    }
    Playground > #pg-progress.running {
        display: block;
    }
    Playground > #pg-picture {
        height: auto;
        margin-top: 1;
    }
    """

    CONTROLS = ""
    """One line of content markup describing the keys, shown above the picture."""

    class Drawn(Message):
        """A picture was computed."""

        def __init__(self, picture: RenderableType) -> None:
            super().__init__()
            self.picture = picture

    class Failed(Message):
        """The picture could not be computed; the message says why."""

        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    class Progressed(Message):
        """Part of a long computation is done."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    def __init__(self, pack_root: Path, exercise: Exercise, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pack_root, self.exercise = pack_root, exercise
        self.source: Path | None = None
        """The file whose functions draw the pictures."""
        self.owner = ""
        """Whose code that is, in words ("your code", "the reference solution")."""
        self.active = False
        """Whether the panel is on screen (pictures are computed only then)."""
        self._stale = True

    def compose(self) -> ComposeResult:
        yield Static(id="pg-owner")
        yield Static(self.CONTROLS, id="pg-controls")
        yield ProgressBar(show_eta=False, id="pg-progress")
        yield Static("[$text-muted]Drawing…[/]", id="pg-picture")

    # -- attributes down -------------------------------------------------------------------

    def use(self, source: Path | None, owner: str) -> None:
        """Draw with the functions in ``source`` from now on (redrawing if shown)."""
        self.source, self.owner = source, owner
        self._stale = True
        if self.is_mounted:
            self.query_one("#pg-owner", Static).update(self._owner_line())
        if self.active:
            self.redraw()

    def activate(self) -> None:
        """The panel came on screen: draw if anything changed since the last picture."""
        self.active = True
        if self._stale:
            self.redraw()

    def _owner_line(self) -> str:
        if self.source is None:
            return ("[$text-warning]Pass the exercise and your own functions draw here[/] "
                    "(this pack carries no reference solution to show meanwhile).")
        return f"Drawn by [b]{plain(self.owner)}[/b]"

    def on_mount(self) -> None:
        self.query_one("#pg-owner", Static).update(self._owner_line())

    def redraw(self) -> None:
        """Compute the picture again in a worker."""
        self._stale = False
        if self.source is None:
            self.query_one("#pg-picture", Static).update("")
            return
        self._compute(self.source)

    # -- the worker ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="playground")
    def _compute(self, source: Path) -> None:
        worker = get_current_worker()
        try:
            picture = self.compute(source)
        except PlaygroundProblem as problem:
            message: Message = self.Failed(str(problem))
        except Exception as exc:  # a bug in a playground must not take the screen down
            message = self.Failed(f"the picture could not be computed: {type(exc).__name__}: {exc}")
        else:
            message = self.Drawn(picture)
        if not worker.is_cancelled:
            self.post_message(message)

    def compute(self, source: Path) -> RenderableType:
        """Compute the picture (in a thread): call the exercise's functions with `call`.

        Every subclass defines it; `__init_subclass__` refuses one that does not."""
        ...

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.compute is Playground.compute:
            raise TypeError(f"{cls.__name__} must define compute(source)")

    def call(self, source: Path, function: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``function`` from ``source`` in the grading worker (in a thread); its value, or
        PlaygroundProblem with the reason."""
        from tutor.core.service import ServiceError

        try:
            reply = self.app.grader.call(self.pack_root, self.exercise.id, source, function, *args, **kwargs)
        except ServiceError as exc:
            raise PlaygroundProblem(f"the grading worker could not run {function}(): {exc}") from None
        if "problem" in reply:
            if reply["problem"] == "missing":
                raise PlaygroundProblem(f"this picture needs {function}(), and {source.name} does not define it yet")
            raise PlaygroundProblem(f"{function}() failed: {reply.get('message', reply['problem'])}")
        return reply["value"]

    def report(self, done: int, total: int) -> None:
        """Post progress from `compute` (in the thread)."""
        self.post_message(self.Progressed(done, total))

    # -- handlers --------------------------------------------------------------------------

    def on_playground_drawn(self, message: Drawn) -> None:
        from tutor.render.figure import Guarded

        self.query_one("#pg-progress").remove_class("running")
        self.query_one("#pg-picture", Static).update(Guarded(message.picture, "the picture"))

    def on_playground_failed(self, message: Failed) -> None:
        self.query_one("#pg-progress").remove_class("running")
        self.query_one("#pg-picture", Static).update(f"[$text-error]⚠ {plain(message.message)}[/]")

    def on_playground_progressed(self, message: Progressed) -> None:
        bar = self.query_one("#pg-progress", ProgressBar)
        bar.add_class("running")
        bar.update(total=message.total, progress=message.done)
