"""Any text through every path that shows check or learner text: the Results tab, the
command line's printer, the status line, the task and hints, the lesson list, dialogs, the
lesson reader's problems and the playground's messages. Hypothesis pushes brackets,
backslashes, markup-like tags, control characters, lone surrogates, very long lines and wide
characters through each; nothing may raise, and what is shown is the text as written."""

from __future__ import annotations

import asyncio
import contextlib
import io
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Collapsible, Static

from tutor.core.model import Exercise, Lesson, Pack
from tutor.core.progress import Status
from tutor.core.results import (
    CheckResult,
    ExerciseResult,
    Isolation,
    IsolationLevel,
    Verdict,
)
from tutor.core.text import printable
from tutor.screens.dialogs import ConfirmDialog, SolutionDialog, UnsavedDialog
from tutor.screens.lesson import lesson_problems, lesson_unreadable
from tutor.widgets.exercise_status import ExerciseStatus
from tutor.widgets.lesson_list import LessonList
from tutor.widgets.playgrounds.base import Playground
from tutor.widgets.results import CheckResults, result_widgets
from tutor.widgets.task import TaskView
from tutor.widgets.text import as_markup

SPECIAL = ["[", "[/]", "[b]x[/b]", "\\", "\\[", "[$text-muted]x[/]", "R[i, mask[i]]", "tol must be in [0, inf)",
           "\x1b[2J\x1b[31m", "\x00\x07\r\n", "\ud800", "漢字かな", "e\u0301", "\t", "]", "[[", "[@click=quit]q[/]"]

awkward = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=30),
    st.builds(lambda part, times: part * times, st.sampled_from(SPECIAL), st.integers(1, 200)),
)


@st.composite
def results(draw) -> ExerciseResult:
    """An ExerciseResult with awkward text in every text field."""
    def check(passed: bool, verdict: Verdict) -> CheckResult:
        arrays = draw(st.booleans())
        return CheckResult(draw(awkward), passed, draw(st.booleans()), draw(awkward), verdict,
                           seed=draw(st.none() | st.integers(0, 2**32)), detail=draw(awkward),
                           diagnosis=draw(st.none() | awkward),
                           actual=np.eye(2) if arrays else None, expected=np.zeros((2, 2)) if arrays else None)

    verdicts = st.sampled_from([v for v in Verdict if v is not Verdict.PASS])
    checks = [check(True, Verdict.PASS) for _ in range(draw(st.integers(0, 2)))]
    checks += [check(False, draw(verdicts)) for _ in range(draw(st.integers(0, 3)))]
    draw(st.randoms()).shuffle(checks)
    isolation = draw(st.none() | st.builds(Isolation, st.sampled_from(list(IsolationLevel)),
                                           st.lists(awkward, max_size=2).map(tuple)))
    return ExerciseResult(draw(awkward), checks, 12.0, draw(awkward), output=draw(awkward),
                          hidden_pending=draw(st.integers(0, 2)), error=draw(st.none() | awkward), isolation=isolation)


def _plain(widget: Static) -> str:
    content = widget.content
    assert isinstance(content, Content) or not isinstance(content, str), "text from outside parsed as markup"
    return content.plain if isinstance(content, Content) else ""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(result=results(), source=awkward)
def test_the_results_widgets_hold_every_text_as_written(result, source):
    widgets = result_widgets(result, source)
    shown = []
    for widget in widgets:
        for static in [widget, *widget.query(Static)] if not isinstance(widget, Static) else [widget]:
            if isinstance(static, Static):
                shown.append(_plain(static))
        if isinstance(widget, Collapsible):
            shown.append(str(widget.title.plain if isinstance(widget.title, Content) else widget.title))
    text = "\n".join(shown)
    text.encode("utf-8")
    assert "\x1b" not in text and "\x00" not in text
    for check in result.failed[:1] if not result.error and result.single_cause is None else []:
        assert printable(check.name) in text


@settings(max_examples=300, deadline=None)
@given(text=awkward)
def test_markup_for_markup_only_apis_reads_back_as_the_text(text):
    assert Content.from_markup(as_markup(text)).plain == printable(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(result=results())
def test_the_command_line_prints_any_result(result):
    from tutor.cli import _print_result

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        _print_result(result, Path("/ws/x.py"))
    out = printed.getvalue()
    out.encode("utf-8")
    assert "\x1b" not in out and "\x00" not in out and "\r" not in out
    assert str(result.headline) in out


class Panel(Playground):
    """A playground whose picture is never computed here: the test posts its messages."""

    def compute(self, source: Path) -> Content:
        return Content("")


def _pack(text: str, name: str = "p") -> Pack:
    root = Path("/nowhere")
    exercise = Exercise(f"ex-{name}", text, text + ".py", ("f",), (text, text), "l", root)
    return Pack(root, name, text, text, text, (Lesson("l", text, "l.md", (exercise,), root),))


class Board(App[None]):
    """Every widget that shows outside text, at once."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        pack = _pack(self.text)
        yield ExerciseStatus(self.text, id="status")
        yield TaskView(self.text, [("text", self.text), ("code", self.text)], id="task")
        yield LessonList(id="lessons")
        yield CheckResults(id="results")
        yield Static(lesson_problems([self.text, self.text]), id="lesson-problems")
        yield Static(lesson_unreadable(self.text), id="lesson-unreadable")
        yield Panel(Path("/nowhere"), pack.exercises[0], id="panel")

    def on_mount(self) -> None:
        one, two = _pack(self.text, "one"), _pack(self.text, "two")  # two packs: their titles are shown too
        self.query_one(LessonList).show([one, two], {(one.name, one.exercises[0].id): Status.DONE},
                                        {(one.name, one.exercises[0].id): self.text})


async def _show_everything(text: str, result: ExerciseResult) -> None:
    app = Board(text)
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.query_one(ExerciseStatus)
        status.status, status.passing, status.dirty, status.warning = Status.DONE, False, True, text
        app.query_one(TaskView).show_hints((text, text, text), 2)
        await app.query_one(CheckResults).show_result(result, text)
        for collapsible in app.query(Collapsible):
            collapsible.collapsed = False
        panel = app.query_one(Panel)
        panel.use(Path("learner.py"), text)
        panel.post_message(Panel.Failed(text))
        app.notify(text, title=text, markup=False)
        await pilot.pause()
        app.export_screenshot()  # renders every widget on screen
        for dialog in (ConfirmDialog(text, text), UnsavedDialog(text), SolutionDialog(text, text)):
            await app.push_screen(dialog)
            await pilot.pause()
            app.export_screenshot()
            app.pop_screen()
        await app.query_one(CheckResults).show_crash(text)
        await pilot.pause()
        app.export_screenshot()
        assert printable(text) in app.query_one("#status").render().plain
        assert printable(text) in str(app.query_one("#lesson-unreadable").render())


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=awkward, result=results())
def test_every_widget_draws_any_text_at_80x24(text, result):
    asyncio.run(_show_everything(text, result))
