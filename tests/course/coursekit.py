"""What the course tests share: the built-in pack, grading a learner's source as the tutor
does, and importing a pack file by path."""

from __future__ import annotations

import importlib.util
import textwrap
import warnings
from pathlib import Path
from types import ModuleType

from tutor.core.grading import grade_source
from tutor.core.manifest import load_pack
from tutor.core.results import ExerciseResult

ROOT = Path(__file__).resolve().parents[2]
PACK = load_pack(ROOT)


def grade(exercise_id: str, source: str, folder: Path, beside: dict[str, str] | None = None) -> ExerciseResult:
    """Grade ``source`` as the learner's file in ``folder``; ``beside`` holds other learner
    files (file name -> text) next to it, as the exercises an exercise `uses`."""
    exercise = PACK.exercise(exercise_id)
    assert exercise is not None, exercise_id
    for name, text in (beside or {}).items():
        (folder / name).write_text(textwrap.dedent(text))
    with warnings.catch_warnings():  # replayed variants may warn about overflow
        warnings.simplefilter("ignore")
        return grade_source(exercise, textwrap.dedent(source), folder / Path(exercise.file).name)


def failures(result: ExerciseResult) -> str:
    return "; ".join(f"{c.name}: {c.message}" for c in result.checks if not c.passed)


def load_module(relative: str) -> ModuleType:
    """Import a pack file (solution or lesson module) by path, as the tutor does."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(f"_course_{path.stem}", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
