"""The rank and SVD lessons: correct answers written differently pass, the contract's edge cases
hold, common mistakes are named, and the lessons show the numbers they claim."""

from __future__ import annotations

import importlib.util
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

from tutor.core.grading import grade_source
from tutor.core.manifest import load_pack

ROOT = Path(__file__).resolve().parents[2]
PACK = load_pack(ROOT)


def grade(exercise_id: str, source: str, tmp_path: Path):
    exercise = PACK.exercise(exercise_id)
    path = tmp_path / Path(exercise.file).name
    with warnings.catch_warnings():  # replayed variants may warn about overflow
        warnings.simplefilter("ignore")
        return grade_source(exercise, textwrap.dedent(source), path)


def failures(result) -> str:
    return "; ".join(f"{c.name}: {c.message}" for c in result.checks if not c.passed)


def load_module(relative: str):
    """Import a pack file (solution or lesson module) by path, as the tutor does."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(f"_course_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- correct answers written differently pass ---------------------------------------------------

ALTERNATIVES = {
    # Strang's A = C R: C holds the independent columns of A, found left to right; R solves C R = A.
    "rank-factor": """
        import numpy as np
        def rank_factorization(A, tol=None):
            A = np.asarray(A, dtype=float)
            m, n = A.shape
            if A.size == 0:
                return np.zeros((m, 0)), np.zeros((0, n))
            s = np.linalg.svd(A, compute_uv=False)
            if tol is None:
                tol = s[0] * max(m, n) * np.finfo(float).eps
            r = int(np.sum(s > tol))
            kept = []
            for j in range(n):  # greedy: keep column j when it adds the most new direction
                if len(kept) == r:
                    break
                trial = A[:, kept + [j]]
                if np.linalg.svd(trial, compute_uv=False)[-1] > tol:
                    kept.append(j)
            C = A[:, kept]
            R = np.linalg.lstsq(C, A, rcond=None)[0] if r else np.zeros((0, n))
            return [C, R]  # a list, not a tuple
    """,
}


@pytest.mark.parametrize("exercise_id", sorted(ALTERNATIVES))
def test_correct_answers_written_differently_pass(exercise_id, tmp_path):
    result = grade(exercise_id, ALTERNATIVES[exercise_id], tmp_path)
    assert result.passed, failures(result)
