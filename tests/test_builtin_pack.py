"""The built-in pack: it validates, its checks accept correct answers written differently, and
its known mistakes are recognised by name."""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

import pytest

from tutor.core.grading import grade_source
from tutor.core.manifest import load_pack
from tutor.core.modules import variant_files, variant_mistake
from tutor.core.validate import validate_pack

ROOT = Path(__file__).resolve().parent.parent
PACK = load_pack(ROOT)
COURSE = {  # lesson id -> its exercise ids (../shared/DESIGN.md: the 23 built-in exercises)
    "rank": {"rank-numerical", "rank-span", "rank-factor"},
    "svd": {"svd-truncate", "svd-energy", "svd-compress", "svd-denoise", "svd-shrink"},
    "als": {"als-update", "als-fit", "als-baseline", "als-biased", "svd-impute"},
    "attention": {"attn-softmax", "attn-weights", "attn-logsumexp", "attn-kernel"},
    "multihead": {"mha-forward", "mha-circuits", "mha-circuits-sum", "mha-eig"},
    "lora": {"lora-forward", "lora-from-delta"},
}
FIRST_ROUND = ["rank-numerical", "rank-span", "svd-truncate", "svd-energy", "als-update", "als-fit",
               "attn-softmax", "attn-weights", "mha-forward", "mha-circuits"]
EXPECTED_IDS = [ex.id for ex in PACK.exercises]


def grade(exercise_id: str, source: str, tmp_path: Path):
    exercise = PACK.exercise(exercise_id)
    path = tmp_path / Path(exercise.file).name
    with warnings.catch_warnings():  # replayed variants may warn about overflow
        warnings.simplefilter("ignore")
        return grade_source(exercise, textwrap.dedent(source), path)


def failures(result) -> str:
    return "; ".join(f"{c.name}: {c.message}" for c in result.checks if not c.passed)


def test_lessons_and_exercises_in_order():
    assert [lesson.id for lesson in PACK.lessons] == [lid for lid in COURSE if PACK.lesson(lid)]
    for lesson in PACK.lessons:
        assert {ex.id for ex in lesson.exercises} <= COURSE[lesson.id], lesson.id
    assert set(EXPECTED_IDS) == set().union(*COURSE.values())  # all 23
    for exercise in PACK.exercises:
        assert len(exercise.hints) >= 2, exercise.id
        assert len(variant_files(exercise)) >= 3, exercise.id


def test_pack_validates():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = validate_pack(ROOT)
    assert report.ok, report.problems + [f"{e.id}: {p}" for e in report.exercises for p in e.problems]
    for exercise in report.exercises:
        variants = variant_files(PACK.exercise(exercise.id))
        caught = [note for note in exercise.notes if "caught by" in note]
        assert len(caught) == len(variants), exercise.id  # every variant fails at least one check


@pytest.mark.parametrize("exercise_id", EXPECTED_IDS)
def test_every_variant_is_diagnosed_as_itself(exercise_id, tmp_path):
    """Each known mistake, when made, is named: some failing check's diagnosis is its own text."""
    for path in variant_files(PACK.exercise(exercise_id)):
        result = grade(exercise_id, path.read_text(), tmp_path)
        assert not result.passed, path.stem
        diagnoses = {c.diagnosis for c in result.checks if not c.passed}
        assert variant_mistake(path) in diagnoses, (path.stem, diagnoses)


# -- correct answers written differently pass ---------------------------------------------------

ALTERNATIVES = {
    "rank-numerical": """
        import numpy as np
        def numerical_rank(A, tol=None):
            A = np.asarray(A)
            return int(np.linalg.matrix_rank(A, tol=tol)) if A.size else 0
    """,
    "rank-span": """
        import numpy as np
        def in_column_space(X, y, tol=1e-8):
            X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
            projected = X @ (np.linalg.pinv(X) @ y) if X.shape[1] else np.zeros_like(y)
            return np.linalg.norm(projected - y) <= tol * max(1.0, np.linalg.norm(y))  # a NumPy bool
        def lowrank_param_count(m, n, k):
            if k < 0 or k > min(m, n):
                raise ValueError(k)
            return np.int64(k) * (m + n)  # a NumPy integer
    """,
    "svd-truncate": """
        import numpy as np
        def truncated_svd(A, k):
            A = np.asarray(A, dtype=float)
            if not 0 <= k <= min(A.shape):
                raise ValueError(k)
            U, s, Vt = np.linalg.svd(A)  # full matrices, and every singular vector pair sign-flipped
            return sum(s[i] * np.outer(-U[:, i], -Vt[i]) for i in range(k)) + np.zeros_like(A)
    """,
    "svd-energy": """
        import numpy as np
        def truncation_error(s, k):
            if not 0 <= k <= len(s):
                raise ValueError(k)
            return float(np.linalg.norm(np.asarray(s, dtype=float)[k:]))
        def rank_for_energy(s, energy=0.95):
            if not (0 < energy <= 1):
                raise ValueError(energy)
            captured = 0.0
            total = sum(float(v) ** 2 for v in s)
            for k, v in enumerate(s):
                if captured >= energy * total:
                    return k
                captured += float(v) ** 2
            return len(s) if total > 0 else 0
    """,
    "als-update": """
        import numpy as np
        def update_factors(R, mask, fixed, lam):
            k = fixed.shape[1]
            X = np.zeros((R.shape[0], k))
            for i in range(R.shape[0]):
                seen = np.flatnonzero(mask[i])
                if seen.size:  # ridge as least squares on an augmented system
                    F = np.vstack([fixed[seen], np.sqrt(lam) * np.eye(k)])
                    r = np.concatenate([np.asarray(R[i, seen], dtype=float), np.zeros(k)])
                    X[i] = np.linalg.lstsq(F, r, rcond=None)[0]
            return X
    """,
    "als-fit": """
        import numpy as np
        def update(R, mask, F, lam):
            X = np.zeros((R.shape[0], F.shape[1]))
            for i in range(R.shape[0]):
                s = mask[i]
                if s.any():
                    X[i] = np.linalg.solve(F[s].T @ F[s] + lam * np.eye(F.shape[1]), F[s].T @ R[i, s])
            return X
        def als(R, mask, k, lam=0.1, iters=20, seed=0):
            mask = np.asarray(mask, dtype=bool)
            R = np.where(mask, R, 0.0)
            rng = np.random.default_rng(seed)
            U = rng.uniform(0, 0.01, (R.shape[0], k))  # a small positive start, and V updated first
            V = rng.uniform(0, 0.01, (R.shape[1], k))
            for _ in range(iters):
                V = update(R.T, mask.T, U, lam)
                U = update(R, mask, V, lam)
            return U, V
        def rmse(R, mask, U, V):
            rows, cols = np.nonzero(mask)
            if rows.size == 0:
                raise ValueError("empty")
            residual = np.asarray(R, dtype=float)[rows, cols] - np.einsum("ij,ij->i", U[rows], V[cols])
            return np.sqrt(np.mean(residual ** 2))
    """,
    "attn-softmax": """
        import numpy as np
        def softmax(x, axis=-1):
            x = np.asarray(x, dtype=float)
            top = np.max(x, axis=axis, keepdims=True)
            logsumexp = top + np.log(np.sum(np.exp(x - top), axis=axis, keepdims=True))
            return np.exp(x - logsumexp)
    """,
    "attn-weights": """
        import numpy as np
        def attention(Q, K, V, mask=None):
            scores = np.asarray(Q, dtype=float) @ np.asarray(K, dtype=float).T / np.sqrt(np.shape(Q)[1])
            if mask is not None:
                scores = np.where(mask, scores, -1e300)
            scores -= scores.max(axis=1, keepdims=True)
            w = np.exp(scores)
            w /= w.sum(axis=1, keepdims=True)
            return w @ V, w
        def causal_mask(n):
            i, j = np.indices((n, n))
            return j <= i
    """,
    "mha-forward": """
        import numpy as np
        def multi_head_attention(X, W_Q, W_K, W_V, W_O, n_heads, causal=False):
            width = W_Q.shape[1]
            if width % n_heads:
                raise ValueError(n_heads)
            d = width // n_heads
            n = X.shape[0]
            out = np.zeros((n, W_O.shape[1]))
            for h in range(n_heads):  # the sum over heads of head_h @ W_O[rows of h]
                c = slice(h * d, (h + 1) * d)
                s = (X @ W_Q[:, c]) @ (X @ W_K[:, c]).T / np.sqrt(d)
                if causal:
                    s[np.triu_indices(n, 1)] = -np.inf
                w = np.exp(s - s.max(axis=1, keepdims=True))
                out += (w / w.sum(axis=1, keepdims=True)) @ (X @ W_V[:, c]) @ W_O[c]
            return out
    """,
    "mha-circuits": """
        import numpy as np
        def cols(width, n_heads, head):
            if n_heads < 1 or width % n_heads or not 0 <= head < n_heads:
                raise ValueError(head)
            d = width // n_heads
            return slice(head * d, head * d + d)
        def qk_circuit(W_Q, W_K, n_heads, head):
            c = cols(W_Q.shape[1], n_heads, head)
            return np.einsum("ik,jk->ij", W_Q[:, c], W_K[:, c])
        def ov_circuit(W_V, W_O, n_heads, head):
            c = cols(W_V.shape[1], n_heads, head)
            return W_V[:, c] @ W_O[c]
        def factored_svd(A, B):
            r = A.shape[1]
            if B.shape[0] != r or r > min(A.shape[0], B.shape[1]):
                raise ValueError("shapes")
            Qa, Ra = np.linalg.qr(A)
            Qb, Rb = np.linalg.qr(B.T)
            Uc, S, Vch = np.linalg.svd(Ra @ Rb.T)
            flip = np.where(np.arange(r) % 2 == 0, -1.0, 1.0)  # flip every other singular vector pair
            return (Qa @ Uc) * flip, S, flip[:, None] * (Vch @ Qb.T)
    """,
}


@pytest.mark.parametrize("exercise_id", FIRST_ROUND)
def test_correct_answers_written_differently_pass(exercise_id, tmp_path):
    """The later exercises' alternatives live with their lessons' tests (tests/course)."""
    result = grade(exercise_id, ALTERNATIVES[exercise_id], tmp_path)
    assert result.passed, failures(result)


# -- mistakes written by hand are named ---------------------------------------------------------

def test_softmax_over_the_wrong_axis_is_named(tmp_path):
    source = """
        import numpy as np
        def attention(Q, K, V, mask=None):
            s = Q @ K.T / np.sqrt(Q.shape[1])
            if mask is not None:
                s = np.where(mask, s, -np.inf)
            w = np.exp(s - s.max(axis=0))
            w = w / w.sum(axis=0)
            return w @ V, w
        def causal_mask(n):
            return np.tril(np.ones((n, n), dtype=bool))
    """
    result = grade("attn-weights", source, tmp_path)
    messages = [c.diagnosis or "" for c in result.checks if not c.passed]
    assert any("sum to 1 down each column" in m for m in messages)


def test_unstable_softmax_is_named(tmp_path):
    source = """
        import numpy as np
        def softmax(x, axis=-1):
            return np.exp(x) / np.exp(x).sum(axis=axis, keepdims=True)
    """
    result = grade("attn-softmax", source, tmp_path)
    large = next(c for c in result.checks if c.name.startswith("stable for entries"))
    assert large.verdict == "nan" and "overflows" in (large.diagnosis or "")


def test_unobserved_ratings_as_zeros_are_named(tmp_path):
    source = """
        import numpy as np
        def update_factors(R, mask, fixed, lam):
            R0 = np.where(mask, R, 0.0)
            k = fixed.shape[1]
            return np.linalg.solve(fixed.T @ fixed + lam * np.eye(k), fixed.T @ R0.T).T
    """
    result = grade("als-update", source, tmp_path)
    assert any("treated unobserved ratings as zeros" in (c.diagnosis or "") for c in result.checks)


def test_forming_the_product_fails_on_memory_not_on_small_inputs(tmp_path):
    source = ALTERNATIVES["mha-circuits"].replace(
        "Qa, Ra = np.linalg.qr(A)",
        "U, S, Vh = np.linalg.svd(A @ B, full_matrices=False)\n"
        "            return U[:, :r], S[:r], Vh[:r]\n            Qa, Ra = np.linalg.qr(A)")
    result = grade("mha-circuits", source, tmp_path)
    failed = [c for c in result.checks if not c.passed]
    assert [c.name for c in failed] == ["factored_svd works when A @ B is too large to form (20000 x 20000)"]
    assert "ran out of memory" in failed[0].message


# -- lessons --------------------------------------------------------------------------------------

def test_lessons_compute_everything_and_read_in_a_terminal():
    import re

    from tutor.core.lessondoc import FigureBlock, FormulaBlock, TextBlock, load_document

    for lesson in PACK.lessons:
        document = load_document(lesson)
        assert not document.errors, (lesson.id, document.errors)
        kinds = {type(block) for block in document.blocks}
        assert FigureBlock in kinds and TextBlock in kinds, lesson.id
        for block in document.blocks:
            if isinstance(block, TextBlock):
                leftover = re.search(r"\\[a-zA-Z]+|\^\{|_\{|\$|\{\{|⟨", block.markdown)
                assert not leftover, (lesson.id, block.markdown[:200])
            elif isinstance(block, FormulaBlock):
                assert max(len(line) for line in block.text.splitlines()) <= 80, (lesson.id, block.name)
            else:
                assert block.figure is not None and block.error is None, (lesson.id, block.name)
