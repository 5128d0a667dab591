"""The list of lessons and their exercises, with a status mark per exercise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tutor.core.model import Exercise, Lesson, Pack
from tutor.core.progress import Status
from tutor.widgets.marks import status_mark
from tutor.widgets.text import assemble


@dataclass(frozen=True)
class Entry:
    """One row of the list: a lesson, or an exercise of a lesson."""

    pack: Pack
    lesson: Lesson
    exercise: Exercise | None = None


class LessonList(OptionList):
    """Lessons (open the reader) with their exercises under them (open the exercise)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", tooltip="Read the lesson or work on the exercise"),
    ]

    DEFAULT_CSS = """
    LessonList, LessonList:focus {
        height: 1fr;
        border: none;
        padding: 0 1;
        background: $surface;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    LessonList > .option-list--option-disabled {
        color: $text-muted;
    }
    """

    class LessonChosen(Message):
        """The learner chose a lesson to read."""

        def __init__(self, pack: Pack, lesson: Lesson) -> None:
            super().__init__()
            self.pack, self.lesson = pack, lesson

    class ExerciseChosen(Message):
        """The learner chose an exercise to work on."""

        def __init__(self, pack: Pack, exercise: Exercise) -> None:
            super().__init__()
            self.pack, self.exercise = pack, exercise

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: dict[str, Entry] = {}

    def show(self, packs: list[Pack], statuses: dict[tuple[str, str], Status],
             workspace_files: dict[tuple[str, str], str]) -> None:
        """Fill the list; `statuses` maps (pack name, exercise id) to a status, keeping the highlight."""
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        self.clear_options()
        self._entries.clear()
        options: list[Option | None] = []
        for pack in packs:
            if len(packs) > 1:
                options.append(Option(assemble((pack.title, "bold")), disabled=True))
            for number, lesson in enumerate(pack.lessons, 1):
                key = f"lesson:{pack.name}:{lesson.id}"
                self._entries[key] = Entry(pack, lesson)
                marks = [status_mark(statuses.get((pack.name, ex.id), Status.NOT_STARTED)) for ex in lesson.exercises]
                options.append(Option(assemble((f"{number}. {lesson.title}", "bold"), "  ", *marks), id=key))
                for exercise in lesson.exercises:
                    key = f"exercise:{pack.name}:{exercise.id}"
                    self._entries[key] = Entry(pack, lesson, exercise)
                    mark = status_mark(statuses.get((pack.name, exercise.id), Status.NOT_STARTED))
                    file = workspace_files.get((pack.name, exercise.id), exercise.file).rsplit("/", 1)[-1]
                    label = assemble("    ", mark, " ", exercise.title, (f"  {file}", "$text-muted"))
                    options.append(Option(label, id=key))
        self.add_options(options)
        if highlighted is not None and highlighted in self._entries:
            self.highlighted = self.get_option_index(highlighted)
        elif self._entries:
            self.highlighted = self.get_option_index(next(iter(self._entries)))

    @property
    def current(self) -> Entry | None:
        """The highlighted entry."""
        option = self.highlighted_option
        return self._entries.get(option.id) if option is not None and option.id else None

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self._entries.get(event.option.id or "")
        if entry is None:
            return
        if entry.exercise is None:
            self.post_message(self.LessonChosen(entry.pack, entry.lesson))
        else:
            self.post_message(self.ExerciseChosen(entry.pack, entry.exercise))
