"""The learner's record for a pack, as the course's end shows it: per exercise the checks run,
the hints shown and the time from the first check to the first pass; and the totals."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.core.model import Pack
from tutor.core.progress import ProgressStore, Status


@dataclass(frozen=True)
class ExerciseRecord:
    id: str
    title: str
    status: Status
    attempts: int
    """Checks run on the learner's file (saves in the app, `latent-tutor check`)."""
    hints: int
    seconds: float | None
    """From the first check to the first pass; None when not passed."""


@dataclass(frozen=True)
class CourseSummary:
    pack: str
    title: str
    final: str
    """The pack's closing text (may be empty)."""
    exercises: tuple[ExerciseRecord, ...]

    @property
    def done(self) -> int:
        return sum(record.status == Status.DONE for record in self.exercises)

    @property
    def attempts(self) -> int:
        return sum(record.attempts for record in self.exercises)

    @property
    def hints(self) -> int:
        return sum(record.hints for record in self.exercises)

    @property
    def seconds(self) -> float:
        """The time to pass, summed over the exercises passed."""
        return sum(record.seconds or 0.0 for record in self.exercises)


def course_summary(pack: Pack, progress: ProgressStore) -> CourseSummary:
    """The learner's record for every exercise of ``pack``."""
    stored = progress.all(pack.name)
    times = progress.first_times(pack.name)
    records = []
    for exercise in pack.exercises:
        entry = stored.get(exercise.id)
        first, passed = times.get(exercise.id, (None, None))
        seconds = passed - first if first is not None and passed is not None else None
        records.append(ExerciseRecord(
            exercise.id, exercise.title, entry.status if entry else Status.NOT_STARTED,
            entry.attempts if entry else 0, entry.hints_shown if entry else 0, seconds))
    return CourseSummary(pack.name, pack.title, pack.final.strip(), tuple(records))


def duration(seconds: float | None) -> str:
    """A time for people: "first check" (passed at once), "under 1 s", "45 s", "12 min",
    "2 h 05 min", "3 days"; "—" for None."""
    if seconds is None:
        return "—"
    if seconds <= 0:
        return "first check"
    if seconds < 1:
        return "under 1 s"
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = seconds / 60
    if minutes < 90:
        return f"{minutes:.0f} min"
    hours, rest = divmod(int(minutes), 60)
    if hours < 48:
        return f"{hours} h {rest:02d} min"
    return f"{hours // 24} days"
