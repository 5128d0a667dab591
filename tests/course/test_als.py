"""The ALS lesson's exercises beyond the built-in pack tests: correct answers written
differently pass, hand-written mistakes are named, contract edge cases, the reference
algorithms, and the lesson computing on synthetic and (a stand-in for) MovieLens ratings."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from coursekit import PACK, ROOT, failures, grade

from tutor.core.lessondoc import FigureBlock, TextBlock, load_document
from tutor.core.modules import import_path
from tutor.data import movielens, synthetic_ratings
from tutor.reference import factorize as fz

SOLUTIONS = ROOT / "solutions" / "03_als"


def diagnoses(result) -> set[str]:
    return {c.diagnosis or "" for c in result.checks if not c.passed}


# -- correct answers written differently pass ---------------------------------------------------

BASELINE_BY_ALTERNATION = """
    import numpy as np
    def baseline(R, mask, lam=10.0):
        if lam <= 0:
            raise ValueError("lam")
        mask = np.array(mask, dtype=bool)
        if mask.sum() == 0:
            raise ValueError("empty")
        R = np.where(mask, R, 0.0)
        mu = np.mean(R[mask])              # a NumPy scalar, returned as a 0-d array below
        bu, bi = np.zeros(R.shape[0]), np.zeros(R.shape[1])
        for _ in range(100000):            # alternate exact updates until nothing moves
            new_bu = np.where(mask, R - mu - bi, 0).sum(1) / (mask.sum(1) + lam)
            new_bi = np.where(mask, R - mu - new_bu[:, None], 0).sum(0) / (mask.sum(0) + lam)
            done = max(np.abs(new_bu - bu).max(initial=0), np.abs(new_bi - bi).max(initial=0)) < 1e-13
            bu, bi = new_bu, new_bi
            if done:
                break
        return [np.array(mu), list(bu), bi]  # a list, a 0-d array and a plain list
"""

BIASED_BY_LOOPS = """
    import numpy as np
    def ridge(X, y, lam):
        # ridge as least squares on an augmented system
        d = X.shape[1]
        A = np.vstack([X, np.sqrt(lam) * np.eye(d)])
        return np.linalg.lstsq(A, np.concatenate([y, np.zeros(d)]), rcond=None)[0]
    def als_biased(R, mask, k, lam=10.0, iters=20, seed=0):
        mask = np.asarray(mask, dtype=bool)
        if lam <= 0 or not mask.any():
            raise ValueError("bad input")
        R = np.asarray(R, dtype=float)
        m, n = R.shape
        mu = R[mask].mean()
        rng = np.random.default_rng(seed)
        bi = rng.normal(0, 0.01, n)          # a random start for the item biases too
        V = rng.uniform(-1, 1, (n, k))       # and a different scale for the factors
        bu, U = np.zeros(m), np.zeros((m, k))
        for _ in range(iters):
            for i in range(m):
                seen = np.flatnonzero(mask[i])
                if seen.size:
                    x = ridge(np.hstack([np.ones((seen.size, 1)), V[seen]]), R[i, seen] - mu - bi[seen], lam)
                    bu[i], U[i] = x[0], x[1:]
                else:
                    bu[i], U[i] = 0.0, 0.0
            for j in range(n):
                seen = np.flatnonzero(mask[:, j])
                if seen.size:
                    x = ridge(np.hstack([np.ones((seen.size, 1)), U[seen]]), R[seen, j] - mu - bu[seen], lam)
                    bi[j], V[j] = x[0], x[1:]
                else:
                    bi[j], V[j] = 0.0, 0.0
        return mu, bu, bi, U.copy(), V.copy()
"""

IMPUTE_BY_EIGH = """
    import numpy as np
    def impute_svd(R, mask, k):
        mask = np.asarray(mask, dtype=bool)
        m, n = mask.shape
        if k < 0 or k > min(m, n):
            raise ValueError(k)
        F = np.zeros((m, n))
        total = np.where(mask, R, 0.0)
        overall = total.sum() / mask.sum() if mask.any() else 0.0
        for j in range(n):
            seen = mask[:, j]
            F[:, j] = np.where(seen, total[:, j], total[seen, j].mean() if seen.any() else overall)
        # the top-k eigenvectors of F^T F span the best rank-k row space
        w, Q = np.linalg.eigh(F.T @ F)
        top = Q[:, np.argsort(w)[::-1][:k]]
        return F @ top @ top.T
"""

ALS_FIT_WITH_OWN_UPDATE = """
    import numpy as np
    from als_update import update_factors
    def als(R, mask, k, lam=0.1, iters=20, seed=0):
        mask = np.asarray(mask, dtype=bool)
        V = np.random.default_rng(seed).standard_normal((mask.shape[1], k))
        for _ in range(iters):
            U = update_factors(R, mask, V, lam)
            V = update_factors(R.T, mask.T, U, lam)
        return U, V
    def rmse(R, mask, U, V):
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            raise ValueError("nothing observed")
        return float(np.sqrt(np.mean((np.asarray(R, dtype=float) - U @ V.T)[mask] ** 2)))
"""


@pytest.mark.parametrize("exercise_id, source", [
    ("als-baseline", BASELINE_BY_ALTERNATION),
    ("als-biased", BIASED_BY_LOOPS),
    ("svd-impute", IMPUTE_BY_EIGH),
])
def test_correct_answers_written_differently_pass(exercise_id, source, tmp_path):
    result = grade(exercise_id, source, tmp_path)
    assert result.passed, failures(result)


def test_als_fit_builds_on_the_learners_own_update(tmp_path):
    own_update = (SOLUTIONS / "als_update.py").read_text()
    result = grade("als-fit", ALS_FIT_WITH_OWN_UPDATE, tmp_path, {"als_update.py": own_update})
    assert result.passed, failures(result)
    assert PACK.exercise("als-fit").uses == ("als-update",)


def test_als_fit_stub_imports_the_learners_update_and_ships_no_answer(tmp_path):
    stub = (ROOT / "exercises" / "03_als" / "als_fit.py").read_text()
    assert "from als_update import update_factors" in stub and "np.linalg.solve" not in stub
    update_stub = (ROOT / "exercises" / "03_als" / "als_update.py").read_text()
    result = grade("als-fit", ALS_FIT_WITH_OWN_UPDATE, tmp_path, {"als_update.py": update_stub})
    failed = [c for c in result.checks if not c.passed]
    assert failed and {c.verdict for c in failed} == {"todo"}  # every check that calls als


# -- mistakes written by hand are named ---------------------------------------------------------

def test_a_single_pass_of_bias_updates_is_named(tmp_path):
    source = """
        import numpy as np
        def baseline(R, mask, lam=10.0):
            if lam <= 0 or not np.any(mask):
                raise ValueError("bad")
            R0 = np.where(mask, R, 0.0)
            mu = R0.sum() / mask.sum()
            counts_u, counts_i = mask.sum(axis=1), mask.sum(axis=0)
            b_user = np.array([(R0[i][mask[i]] - mu).sum() / (counts_u[i] + lam) for i in range(R0.shape[0])])
            b_item = np.array([(R0[:, j][mask[:, j]] - mu - b_user[mask[:, j]]).sum() / (counts_i[j] + lam)
                               for j in range(R0.shape[1])])
            return mu, b_user, b_item
    """
    result = grade("als-baseline", source, tmp_path)
    assert any("single pass" in d for d in diagnoses(result)), diagnoses(result)


def test_unpenalized_biases_are_named(tmp_path):
    """Named when the run starts where the hints say (b_item = 0, V = 0.1 N(0, 1)): a fit from
    another start can only be compared with a variant through init-free checks."""
    source = BIASED_BY_LOOPS.replace(
        "A = np.vstack([X, np.sqrt(lam) * np.eye(d)])",
        "P = np.sqrt(lam) * np.eye(d)\n        P[0, 0] = 0.0\n        A = np.vstack([X, P])").replace(
        "bi = rng.normal(0, 0.01, n)", "bi = np.zeros(n)").replace(
        "V = rng.uniform(-1, 1, (n, k))", "V = 0.1 * rng.standard_normal((n, k))")
    result = grade("als-biased", source, tmp_path)
    assert not result.passed
    assert any("left the biases out of the penalty" in d for d in diagnoses(result)), diagnoses(result)


def test_filling_with_zeros_is_named(tmp_path):
    source = """
        import numpy as np
        def impute_svd(R, mask, k):
            if not 0 <= k <= min(np.shape(mask)):
                raise ValueError(k)
            U, s, Vt = np.linalg.svd(np.where(mask, R, 0.0), full_matrices=False)
            return U[:, :k] @ np.diag(s[:k]) @ Vt[:k]
    """
    result = grade("svd-impute", source, tmp_path)
    assert any("filled the unknown ratings with 0" in d for d in diagnoses(result)), diagnoses(result)


# -- the reference algorithms -----------------------------------------------------------------

def test_baseline_is_the_least_squares_minimizer():
    rng = np.random.default_rng(5)
    for m, n in ((9, 6), (5, 11)):
        R = rng.integers(1, 6, (m, n)).astype(float)
        mask = rng.random((m, n)) < 0.5
        mask[1] = False
        lam = 3.0
        mu, b_user, b_item = fz.baseline_fit(R, mask, lam)
        rows, cols = np.nonzero(mask)
        A = np.zeros((rows.size + m + n, m + n))
        A[np.arange(rows.size), rows] = A[np.arange(rows.size), m + cols] = 1.0
        A[rows.size:] = np.sqrt(lam) * np.eye(m + n)
        x = np.linalg.lstsq(A, np.concatenate([R[rows, cols] - mu, np.zeros(m + n)]), rcond=None)[0]
        assert np.allclose(np.concatenate([b_user, b_item]), x, atol=1e-12)
        assert b_user[1] == 0.0


def test_reference_biased_als_objective_never_increases_with_iters():
    R, mask = synthetic_ratings(40, 30, 3, 0.3, 0.5, seed=2, bias=0.5)
    reference = import_path(SOLUTIONS / "als_biased.py")
    for k in (0, 2, 4):
        values = []
        for iters in range(1, 9):
            fit = reference.als_biased(R, mask, k, lam=2.0, iters=iters, seed=1)
            values.append(fz.biased_objective(R, mask, *fit, 2.0))
        assert all(b <= a * (1 + 1e-12) for a, b in pairwise(values)), (k, values)
        history = fz.biased_als(R, mask, k, lam=2.0, iters=8, seed=1, trace=True)[-1]
        assert np.allclose(history[1::2], values)  # the trusted copy agrees, half-step by half-step


def test_biased_als_edge_cases():
    reference = import_path(SOLUTIONS / "als_biased.py")
    R, mask = synthetic_ratings(8, 7, 2, 0.6, 0.1, seed=4)
    mask[2] = False
    mask[:, 3] = False
    _, b_user, b_item, U, V = reference.als_biased(np.where(mask, R, np.nan), mask, 0, lam=1.0, iters=1)
    assert U.shape == (8, 0) and V.shape == (7, 0)
    assert b_user[2] == 0.0 and b_item[3] == 0.0 and np.isfinite(b_user).all()
    for bad in ((R, np.zeros_like(mask), 1), (R, mask, 1, 0.0)):
        with pytest.raises(ValueError):
            reference.als_biased(*bad)


def test_impute_fill_rules():
    R = np.array([[5.0, np.nan, 1.0], [3.0, np.nan, np.nan]])
    mask = np.array([[True, False, True], [True, False, False]])
    filled = fz.item_mean_fill(R, mask)
    assert np.allclose(filled, [[5.0, 3.0, 1.0], [3.0, 3.0, 1.0]])  # item 1 has none: the global mean 3
    assert np.array_equal(fz.item_mean_fill(R, np.zeros_like(mask)), np.zeros((2, 3)))
    reference = import_path(SOLUTIONS / "svd_impute.py")
    assert np.allclose(reference.impute_svd(R, mask, 2), filled)
    for k in (-1, 3):
        with pytest.raises(ValueError):
            reference.impute_svd(R, mask, k)


def test_fast_truncation_of_a_long_matrix_matches_the_svd():
    A = np.random.default_rng(0).standard_normal((220, 900))
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    for k in (1, 10):
        assert np.allclose(fz.truncate(A, k), (U[:, :k] * s[:k]) @ Vt[:k], atol=1e-9)
        assert np.allclose(fz.truncate(A.T, k), ((U[:, :k] * s[:k]) @ Vt[:k]).T, atol=1e-9)


# -- the lesson ---------------------------------------------------------------------------------

def text_of(document) -> str:
    return "\n".join(block.markdown for block in document.blocks if isinstance(block, TextBlock))


def test_the_lesson_computes_on_synthetic_ratings(tmp_path, monkeypatch):
    monkeypatch.setenv(movielens.DATA_ENV, str(tmp_path / "no-data"))
    document = load_document(PACK.lesson("als"))
    assert not document.errors, document.errors
    text = text_of(document)
    assert "latent-tutor data fetch movielens" in text
    for exercise in PACK.lesson("als").exercises:
        assert f"**{exercise.id}**" in text, exercise.id
    names = {block.name for block in document.blocks if isinstance(block, FigureBlock)}
    assert {"rmse_curve", "lambda_curves", "compare_curves", "impute_picture", "strong_spectrum"} <= names


def test_the_lesson_measures_a_kept_movielens_copy(tmp_path, monkeypatch):
    """A stand-in in MovieLens' format, written where a checked copy is kept (the real file
    cannot be shipped): the lesson's last section measures every method on it."""
    monkeypatch.setenv(movielens.DATA_ENV, str(tmp_path))
    rng = np.random.default_rng(0)
    lines = ["userId,movieId,rating,timestamp"]
    for user in range(1, 41):
        for movie in rng.choice(np.arange(1, 301), size=25, replace=False):
            lines.append(f"{user},{movie},{rng.integers(1, 11) / 2},964982703")
    path = movielens.ratings_path()
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines) + "\n")
    lesson = import_path(ROOT / "lessons" / "03_als.py")
    lesson._movielens.cache_clear()
    try:
        section = lesson.movielens_section()
        assert "1,000 ratings by 40 users" in section and "| biased ALS (k = 10, λ = 10) |" in section
        assert path.with_name("als-lesson-figures.json").is_file()  # kept for the next opening
        lesson._movielens.cache_clear()
        assert lesson.movielens_section() == section
    finally:
        lesson._movielens.cache_clear()
