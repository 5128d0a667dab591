"""The playground panel every exercise playground builds on.

Attributes down: the exercise screen calls `use(source, owner)` with the file whose functions
draw (the learner's once it passes, else the reference solution, else None). A playground's
`compute()` runs in a thread worker, calls those functions through the grading worker (isolated,
under the exercise's limits) with `call()`, and returns a Rich renderable; the worker only posts
messages, and the handlers here update the widgets.

A playground's controls are reactives; changing one calls `redraw()`, and `controls()` says
on screen what they are now (k = 3, the seed of the data, ...). Playgrounds with random data
bind "r" to `action_rerun`, which draws new data with the next seed and says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import RenderableType
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from tutor.core.model import Exercise
from tutor.host import host
from tutor.widgets.text import assemble, literal


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

    seed: reactive[int] = reactive(0)
    """The seed of the playground's random data; "r" (where bound) moves to the next one."""

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
        yield Static(id="pg-controls")
        yield ProgressBar(show_eta=False, id="pg-progress")
        yield Static(literal("Drawing…", "$text-muted"), id="pg-picture")

    def controls(self) -> Content:
        """The keys and the controls' current values, in a line or two (subclasses say theirs)."""
        return Content("")

    # -- attributes down -------------------------------------------------------------------

    def use(self, source: Path | None, owner: str) -> None:
        """Draw with the functions in ``source`` from now on (redrawing if shown)."""
        self.source, self.owner = source, owner
        self._stale = True
        if self.is_mounted:
            self.query_one("#pg-owner", Static).update(self._owner_line())
        if self.active:
            self.redraw()

    def follow(self, learner: Path, passing: bool, reference: Path | None) -> None:
        """Draw with the learner's file once it passes, else with ``reference`` (the solution,
        None when the pack carries none)."""
        if passing:
            self.use(learner, f"your code ({learner.name})")
        elif reference is not None:
            self.use(reference, "the reference solution (yours takes over once it passes)")
        else:
            self.use(None, "")

    def activate(self) -> None:
        """The panel came on screen: draw if anything changed since the last picture."""
        self.active = True
        if self._stale:
            self.redraw()

    def _owner_line(self) -> Content:
        if self.source is None:
            return assemble(("Pass the exercise and your own functions draw here", "$text-warning"),
                            " (this pack carries no reference solution to show meanwhile).")
        return assemble("Drawn by ", (self.owner, "bold"))

    def on_mount(self) -> None:
        self.query_one("#pg-owner", Static).update(self._owner_line())
        self.query_one("#pg-controls", Static).update(self.controls())

    def changed(self) -> None:
        """A control changed: say so, and draw again if the panel is on screen."""
        if not self.is_mounted:
            return
        self.query_one("#pg-controls", Static).update(self.controls())
        if self.active:
            self.redraw()
        else:
            self._stale = True

    def watch_seed(self) -> None:
        self.changed()

    def action_rerun(self) -> None:
        """New random data: the next seed (said in the controls line)."""
        self.seed += 1

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
        raise NotImplementedError

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.compute is Playground.compute:
            raise TypeError(f"{cls.__name__} must define compute(source)")

    def call(self, source: Path, function: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``function`` from ``source`` in the grading worker (in a thread); its value, or
        PlaygroundProblem with the reason."""
        from tutor.core.service import ServiceError

        try:
            reply = host(self).grader.call(self.pack_root, self.exercise.id, source, function, *args, **kwargs)
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
        self.query_one("#pg-picture", Static).update(assemble(("⚠ ", "$text-error"), (message.message, "$text-error")))

    def on_playground_progressed(self, message: Progressed) -> None:
        bar = self.query_one("#pg-progress", ProgressBar)
        bar.add_class("running")
        bar.update(total=message.total, progress=message.done)
