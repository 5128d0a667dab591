"""The lesson reader: Markdown, formulas and figures, computed in a worker."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalScroll, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, LoadingIndicator, Markdown, Static

from tutor.core.model import Exercise, Lesson, Pack
from tutor.core.text import printable
from tutor.screens.base import TutorScreen
from tutor.widgets.marks import status_mark
from tutor.widgets.text import assemble, lines, literal

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.app import SystemCommand

    from tutor.core.lessondoc import LessonDocument


def lesson_problems(errors: list[str]) -> Content:
    """The parts of a lesson that could not be computed (each error as the pack's code said it)."""
    return lines(literal("Parts of this lesson could not be computed:", "$text-warning"),
                 *(literal(f"• {error}") for error in errors))


def lesson_unreadable(message: str) -> Content:
    """Why a lesson could not be read at all."""
    return assemble(("This lesson could not be read: ", "$text-error"), message)


class LessonScreen(TutorScreen[None]):
    """One lesson, drawn from its Markdown and companion module."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Lessons", tooltip="Back to the lesson map"),
        Binding("x", "exercise", "Exercise", tooltip="Work on this lesson's first exercise not done yet"),
        Binding("right_square_bracket", "next_lesson", "Next lesson", tooltip="Read the next lesson"),
        Binding("left_square_bracket", "previous_lesson", "Previous", show=False, tooltip="Read the previous lesson"),
    ]

    class DocumentLoaded(Message):
        """The lesson's document (text, values, formulas, figures) was computed."""

        def __init__(self, document: LessonDocument, figures: Mapping[str, RenderableType]) -> None:
            super().__init__()
            self.document, self.figures = document, figures

    class DocumentFailed(Message):
        """The lesson could not be read at all."""

        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, pack: Pack, lesson: Lesson) -> None:
        super().__init__()
        self.pack, self.lesson = pack, lesson

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="document"):
            yield LoadingIndicator()
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = printable(self.lesson.title)
        self.query_one("#document").focus()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="lesson")
    def _load(self) -> None:
        try:
            from tutor.core.lessondoc import FigureBlock, load_document
            from tutor.render.figure import render_figure

            document = load_document(self.lesson)
            figures = {block.name: render_figure(block.figure) for block in document.blocks
                       if isinstance(block, FigureBlock) and block.figure is not None}
        except Exception as exc:  # unreadable lesson file or a broken pack: said plainly
            self.post_message(self.DocumentFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.DocumentLoaded(document, figures))

    async def on_lesson_screen_document_loaded(self, message: DocumentLoaded) -> None:
        from tutor.core.lessondoc import FigureBlock, FormulaBlock, TextBlock

        widgets: list[Widget] = []
        if message.document.errors:
            widgets.append(Static(lesson_problems(message.document.errors), classes="lesson-problems"))
        for block in message.document.blocks:
            if isinstance(block, TextBlock):
                widgets.append(Markdown(block.markdown, classes="lesson-text"))
            elif isinstance(block, FormulaBlock):
                widgets.append(HorizontalScroll(Static(Text(block.text, no_wrap=True), classes="formula"),
                                                classes="formula-box"))
            elif isinstance(block, FigureBlock):
                if block.figure is None:
                    widgets.append(Static(Text(f"⚠ {block.error}", style="bold red"), classes="figure"))
                else:
                    widgets.append(Static(message.figures[block.name], classes="figure"))
        widgets.append(self._exercise_buttons())
        await self._replace_loading(widgets)

    async def on_lesson_screen_document_failed(self, message: DocumentFailed) -> None:
        await self._replace_loading([Static(lesson_unreadable(message.message), classes="lesson-problems"),
                                     self._exercise_buttons()])

    async def _replace_loading(self, widgets: list[Widget]) -> None:
        document = self.query_one("#document", VerticalScroll)
        await document.query(LoadingIndicator).remove()
        await document.mount_all(widgets)

    def _button_label(self, exercise: Exercise) -> Content:
        return assemble(status_mark(self.host.course.status(self.pack, exercise)), " ", exercise.title)

    def _exercise_buttons(self) -> Widget:
        buttons = [Button(self._button_label(ex), id=f"exercise-{ex.id}", classes="exercise-button", compact=True)
                   for ex in self.lesson.exercises]
        heading = assemble(("Exercises", "bold"), ("  (x: start, or tab to a button and enter)", "$text-muted"))
        return Vertical(Static(heading), *buttons, id="exercises")

    def on_screen_resume(self) -> None:
        for exercise in self.lesson.exercises:
            for button in self.query(f"#exercise-{exercise.id}").results(Button):
                button.label = self._button_label(exercise)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        exercise_id = (event.button.id or "").removeprefix("exercise-")
        exercise = self.pack.exercise(exercise_id)
        if exercise is not None:
            self.host.open_exercise(self.pack, exercise)

    # -- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_exercise(self) -> None:
        if not self.lesson.exercises:
            self.notify("This lesson has no exercises.")
            return
        tutor = self.host.course
        exercise = next((ex for ex in self.lesson.exercises if not tutor.status(self.pack, ex).finished),
                        self.lesson.exercises[0])
        self.host.open_exercise(self.pack, exercise)

    def _neighbour(self, step: int) -> None:
        lessons = list(self.pack.lessons)
        position = lessons.index(self.lesson) + step
        if not 0 <= position < len(lessons):
            self.notify("This is the last lesson." if step > 0 else "This is the first lesson.")
            return
        self.app.switch_screen(LessonScreen(self.pack, lessons[position]))

    def action_next_lesson(self) -> None:
        self._neighbour(1)

    def action_previous_lesson(self) -> None:
        self._neighbour(-1)

    def palette_commands(self) -> Iterator[SystemCommand]:
        from textual.app import SystemCommand

        yield SystemCommand("Start this lesson's exercise", "Work on the first exercise not done yet",
                            self.action_exercise)
