"""Typed objects for lesson packs: limits, exercises, lessons, packs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    """Resource limits for one learner run. The manifest can override any field per exercise."""

    timeout: float = 10.0
    """Wall-clock seconds for the whole run (all checks of one exercise)."""
    call_timeout: float = 5.0
    """Wall-clock seconds for a single call of a learner function (or loading the file)."""
    memory_mb: int = 2048
    """Address-space limit of the learner process, in MiB."""
    output_kb: int = 64
    """How much of the learner's printed output is kept; the rest is dropped."""
    file_mb: int = 16
    """Largest file the learner's code may write, in MiB."""
    run_folder_mb: int = 64
    """Size of the learner's run folder (its only writable place), in MiB."""
    run_folder_files: int = 256
    """How many files and folders the learner's code may create in its run folder."""
    check_timeout: float = 10.0
    """Seconds the pack's own code may run, in the grader: importing a check module, and each
    check, not counting the time the learner's calls take (they have the limits above)."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: a workspace file the learner edits and the checks that judge it."""

    id: str
    title: str
    file: str
    """Path of the learner's file, relative to exercises/, solutions/ and the workspace."""
    functions: tuple[str, ...]
    hints: tuple[str, ...]
    lesson_id: str
    pack_root: Path
    public_checks: str | None = None
    hidden_checks: str | None = None
    variants: str | None = None
    limits: Limits = field(default_factory=Limits)
    hidden_check_count: int = 0
    """In a released pack: how many hidden checks run when graded (their code is not shipped)."""
    uses: tuple[str, ...] = ()
    """Ids of earlier exercises of the same pack whose learner files this one imports: they are
    copied beside the learner's file when it runs, so ``from als_update import update_factors``
    uses the learner's own earlier work."""
    uses_files: tuple[str, ...] = ()
    """The workspace paths (relative, like `file`) of the exercises in `uses`, in the same order."""
    points: float = 1.0
    """The exercise's weight in a gradebook's ``total``: it earns ``score * points``."""
    playground: str | None = None
    """The playground the app shows for it (a name from `tutor.core.playgrounds.PLAYGROUNDS`), if any."""

    @property
    def stub_path(self) -> Path:
        return self.pack_root / "exercises" / self.file

    @property
    def solution_path(self) -> Path:
        return self.pack_root / "solutions" / self.file


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    text: str
    """Path of the lesson's Markdown, relative to the pack root."""
    exercises: tuple[Exercise, ...]
    pack_root: Path
    module: str | None = None
    """Path of the lesson's companion Python module (computed values, formulas, figures)."""

    @property
    def text_path(self) -> Path:
        return self.pack_root / self.text

    @property
    def module_path(self) -> Path | None:
        return None if self.module is None else self.pack_root / self.module


@dataclass(frozen=True)
class Pack:
    """A lesson pack: a directory holding pack.toml, lessons/, exercises/, solutions/ and checks."""

    root: Path
    name: str
    title: str
    welcome: str
    final: str
    lessons: tuple[Lesson, ...]
    format: int = 1
    released: bool = False
    """True for a student copy made by `pack release` (no solutions, hidden checks or variants)."""

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(ex for lesson in self.lessons for ex in lesson.exercises)

    def solution(self, exercise: Exercise) -> Path | None:
        """The reference solution of ``exercise`` when this pack carries one (a student copy
        never does), else None."""
        if self.released or not exercise.solution_path.is_file():
            return None
        return exercise.solution_path

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((ex for ex in self.exercises if ex.id == exercise_id), None)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)
