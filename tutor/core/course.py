"""A learner's course, as the CLI and the app see it: the packs, the workspace of exercise
files, and the progress through them, together."""

from __future__ import annotations

import os
from pathlib import Path

from tutor.core.model import Exercise, Pack
from tutor.core.packs import builtin_root, load_packs, pack_sources
from tutor.core.progress import ExerciseProgress, ProgressStore, Status
from tutor.core.workspace import Workspace, resolve_root


class UnknownExercise(LookupError):
    pass


class Course:
    """The loaded packs (broken ones become `warnings`), the workspace, and the progress store;
    where the learner is and where next."""

    def __init__(self, workspace: str | os.PathLike[str] | None = None,
                 packs: list[str | os.PathLike[str]] | None = None, *, builtin: bool = True,
                 installed: bool = True) -> None:
        sources, warnings = pack_sources(packs, builtin=builtin, installed=installed)
        self.packs, load_warnings = load_packs(sources)
        self.warnings: list[str] = warnings + load_warnings
        root = resolve_root(workspace)
        primary = next((p.name for p in self.packs if p.root == builtin_root().resolve()), None)
        self.workspace = Workspace(root, primary or (self.packs[0].name if self.packs else ""))
        self._progress: ProgressStore | None = None

    @property
    def progress(self) -> ProgressStore:
        """Opened on first use (so `list` and `check` of a fresh workspace stay cheap)."""
        if self._progress is None:
            self._progress = ProgressStore(self.workspace.state_dir / "progress.sqlite3")
            if self._progress.warning:
                self.warnings.append(self._progress.warning)
        return self._progress

    def close(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress = None

    def ensure_workspace(self) -> list[Path]:
        """Create missing exercise files of every pack; return those created."""
        created = []
        for pack in self.packs:
            created += self.workspace.ensure(pack)
        return created

    def find(self, exercise_id: str) -> tuple[Pack, Exercise]:
        for pack in self.packs:
            exercise = pack.exercise(exercise_id)
            if exercise:
                return pack, exercise
        known = ", ".join(ex.id for p in self.packs for ex in p.exercises)
        raise UnknownExercise(f"no exercise {exercise_id!r}; known exercises: {known}")

    def path(self, pack: Pack, exercise: Exercise) -> Path:
        return self.workspace.path(pack, exercise)

    def exercise_progress(self, pack: Pack, exercise: Exercise) -> ExerciseProgress:
        return self.progress.get(pack.name, exercise.id)

    # -- where next ------------------------------------------------------------------------

    def status(self, pack: Pack, exercise: Exercise) -> Status:
        return self.progress.get(pack.name, exercise.id).status

    def course(self) -> list[tuple[Pack, Exercise]]:
        """Every exercise of every pack, in course order."""
        return [(pack, exercise) for pack in self.packs for exercise in pack.exercises]

    def next_exercise(self, after: Exercise | None = None) -> tuple[Pack, Exercise] | None:
        """The first exercise not finished after ``after`` in course order, wrapping round to the
        start and coming back to ``after`` last (with no ``after``: the first not finished, the
        learner's current exercise); None when every exercise is finished. Finished is done, or
        in a student copy every public check passed (`Status.finished`)."""
        course = self.course()
        start = next((i + 1 for i, (_, ex) in enumerate(course) if after is not None and ex.id == after.id), 0)
        done = {(p.name, ex_id) for p in self.packs for ex_id, progress in self.progress.all(p.name).items()
                if progress.status.finished}
        for pack, exercise in course[start:] + course[:start]:
            if (pack.name, exercise.id) not in done:
                return pack, exercise
        return None

    def pack_done(self, pack: Pack) -> bool:
        """Whether every exercise of ``pack`` is done."""
        progress = self.progress.all(pack.name)
        return all(ex.id in progress and progress[ex.id].status == Status.DONE for ex in pack.exercises)
