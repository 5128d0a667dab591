"""The rank and SVD lessons: correct answers written differently pass, the contract's edge cases
hold, common mistakes are named, and the lessons show the numbers they claim."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from coursekit import ROOT, failures, grade, load_module

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
    # The truncation through a QR of the tall side; numbers returned as NumPy floats.
    "svd-compress": """
        import numpy as np
        def compress(image, k):
            A = np.array(image, dtype=np.float64)
            m, n = A.shape
            if k < 0 or k > min(m, n):
                raise ValueError("k")
            flip = m < n
            B = A.T if flip else A
            Q, R = np.linalg.qr(B)
            Ur, s, Vt = np.linalg.svd(R)
            Bk = (Q @ Ur[:, :k]) @ (s[:k, None] * Vt[:k])
            approx = Bk.T if flip else Bk
            total = np.sqrt(np.einsum("ij,ij->", A, A))
            err = np.sqrt(np.einsum("ij,ij->", A - approx, A - approx))
            return approx, np.float64(k * (m + n + 1) / (m * n)), (err / total if total else np.float64(0.0))
    """,
    # Thresholding computed on the transpose, triplet by triplet, with NumPy scalars.
    "svd-denoise": """
        import numpy as np
        def noise_edge(m, n, sigma):
            if not sigma >= 0:
                raise ValueError(sigma)
            return np.float64(sigma) * (np.sqrt(np.float64(m)) + np.sqrt(np.float64(n)))
        def denoise(A, sigma):
            A = np.asarray(A, dtype=float)
            edge = noise_edge(A.shape[0], A.shape[1], sigma)
            V, s, Ut = np.linalg.svd(A.T)
            out = np.zeros(A.shape)
            for i in range(s.size):
                if s[i] > edge:
                    out += s[i] * np.outer(-Ut[i], -V[:, i])
            return out
    """,
    # Soft thresholding through the eigendecomposition of A^T A for the right singular vectors.
    "svd-shrink": """
        import numpy as np
        def shrink_singular_values(A, lam):
            if lam < 0:
                raise ValueError(lam)
            A = np.asarray(A, dtype=float)
            U, s, Vt = np.linalg.svd(A.T, full_matrices=True)
            r = s.size
            shrunk = np.maximum(s - lam, 0.0)
            return ((U[:, :r] * shrunk) @ Vt[:r]).T
    """,
    # Shares computed by division, with a running Python sum.
    "svd-energy": """
        import numpy as np
        def truncation_error(s, k):
            s = [float(v) for v in s]
            if not 0 <= k <= len(s):
                raise ValueError(k)
            return np.float64(sum(v * v for v in s[k:])) ** 0.5
        def rank_for_energy(s, energy=0.95):
            if energy <= 0 or energy > 1:
                raise ValueError(energy)
            running, total = [], 0.0
            for v in s:
                total += float(v) ** 2
                running.append(total)
            if total == 0:
                return 0
            return next(i + 1 for i, c in enumerate(running) if c / total >= energy)
    """,
}


@pytest.mark.parametrize("exercise_id", sorted(ALTERNATIVES))
def test_correct_answers_written_differently_pass(exercise_id, tmp_path):
    result = grade(exercise_id, ALTERNATIVES[exercise_id], tmp_path)
    assert result.passed, failures(result)


# -- contract edge cases of the references ------------------------------------------------------

def test_a_zero_d_array_result_is_accepted(tmp_path):
    source = ALTERNATIVES["svd-compress"].replace("np.float64(k * (m + n + 1) / (m * n))",
                                                  "np.array(k * (m + n + 1) / (m * n))")
    result = grade("svd-compress", source, tmp_path)
    assert result.passed, failures(result)


def test_rank_factor_reference_edges():
    rank_factorization = load_module("solutions/01_rank/rank_factor.py").rank_factorization
    for shape in [(3, 4), (0, 5), (4, 0), (0, 0)]:
        C, R = rank_factorization(np.zeros(shape))
        assert C.shape == (shape[0], 0) and R.shape == (0, shape[1])
    A = np.array([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    C, R = rank_factorization(A)
    assert C.shape == (3, 2) and np.linalg.norm(A - C @ R) <= 1e-8 * np.linalg.norm(A)
    noisy = A + 1e-6 * np.random.default_rng(0).standard_normal((3, 3))
    C, R = rank_factorization(noisy, 1e-3)  # an explicit tol that drops real (noise) values
    assert C.shape == (3, 2) and R.shape == (2, 3)


def test_rank_for_energy_counts_in_float64():
    """DESIGN: the smallest k whose leading sum >= energy * total; in float64, 1 + 1e-18 == 1."""
    rank_for_energy = load_module("solutions/02_svd/svd_energy.py").rank_for_energy
    assert rank_for_energy(np.array([1.0, 1e-9]), 1.0) == 1
    assert rank_for_energy(np.array([3.0, 2.0, 1.0, 0.0, 0.0]), 1.0) == 3
    assert rank_for_energy(np.array([3.0, 2.0, 1.0]), 1.0) == 3
    assert rank_for_energy(np.zeros(3), 0.5) == 0 and rank_for_energy(np.array([]), 0.5) == 0


def test_compress_reference_contract():
    compress = load_module("solutions/02_svd/svd_compress.py").compress
    image = np.load(ROOT / "data" / "camera.npy", allow_pickle=False)[::8, ::8]
    approx, fraction, error = compress(image, 10)
    assert approx.dtype == np.float64 and approx.min() < 0 and approx.max() > 255  # not clipped
    assert fraction == 10 * (64 + 64 + 1) / (64 * 64)
    assert 0 < error < 1
    assert compress(np.ones((4, 4)), 4)[1] > 1  # stored fraction past 1 for large k
    assert compress(np.zeros((3, 5)), 2)[2] == 0.0
    with pytest.raises(ValueError):
        compress(np.ones((3, 5)), 4)


def test_denoise_reference_drops_a_value_at_the_edge():
    module = load_module("solutions/02_svd/svd_denoise.py")
    assert module.noise_edge(4, 4, 0.5) == 2.0
    assert np.allclose(module.denoise(np.diag([5.0, 2.0, 1.0, 0.5]), 0.5), np.diag([5.0, 0, 0, 0]))
    for call in (lambda: module.noise_edge(3, 3, -1e-9), lambda: module.denoise(np.eye(2), -1.0)):
        with pytest.raises(ValueError):
            call()


def test_shrink_reference_is_the_proximal_step():
    shrink = load_module("solutions/02_svd/svd_shrink.py").shrink_singular_values
    rng = np.random.default_rng(3)
    A, lam = rng.standard_normal((6, 4)), 0.7
    X = shrink(A, lam)

    def objective(Y):
        return 0.5 * np.linalg.norm(Y - A) ** 2 + lam * np.linalg.svd(Y, compute_uv=False).sum()

    for _ in range(20):  # no nearby matrix does better
        assert objective(X) <= objective(X + 1e-3 * rng.standard_normal(X.shape)) + 1e-12
    assert np.allclose(shrink(A, 100.0), 0) and np.allclose(shrink(A, 0.0), A)


# -- mistakes written by hand are named ---------------------------------------------------------

def diagnoses(result) -> list[str]:
    return [c.diagnosis or "" for c in result.checks if not c.passed]


def test_first_columns_as_c_is_named(tmp_path):
    source = """
        import numpy as np
        def rank_factorization(A, tol=None):
            A = np.asarray(A, dtype=float)
            r = np.linalg.matrix_rank(A, tol=tol) if A.size else 0
            C = A[:, :r]
            R = np.linalg.pinv(C) @ A if r else np.zeros((0, A.shape[1]))
            return C, R
    """
    result = grade("rank-factor", source, tmp_path)
    assert not result.passed
    assert any("need not be independent" in d for d in diagnoses(result))


def test_energy_as_error_is_named(tmp_path):
    source = """
        import numpy as np
        def compress(image, k):
            A = np.asarray(image, dtype=float)
            m, n = A.shape
            if not 0 <= k <= min(m, n):
                raise ValueError(k)
            U, s, Vt = np.linalg.svd(A, full_matrices=False)
            total = (s ** 2).sum()
            return (U[:, :k] * s[:k]) @ Vt[:k], k * (m + n + 1) / (m * n), (s[k:] ** 2).sum() / total if total else 0.0
    """
    result = grade("svd-compress", source, tmp_path)
    assert any("1 - energy(k)" in d for d in diagnoses(result))


def test_keeping_the_edge_is_named(tmp_path):
    source = """
        import numpy as np
        def noise_edge(m, n, sigma):
            if sigma < 0:
                raise ValueError(sigma)
            return sigma * (m ** 0.5 + n ** 0.5)
        def denoise(A, sigma):
            U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
            s = np.where(s < noise_edge(*np.shape(A), sigma), 0.0, s)
            return U @ np.diag(s) @ Vt
    """
    result = grade("svd-denoise", source, tmp_path)
    assert [c.name for c in result.checks if not c.passed] == ["a singular value exactly at the edge is dropped"]
    assert any("s >= edge" in d for d in diagnoses(result))


def test_shrinking_entries_is_named(tmp_path):
    source = """
        import numpy as np
        def shrink_singular_values(A, lam):
            if lam < 0:
                raise ValueError(lam)
            A = np.asarray(A, dtype=float)
            return np.where(np.abs(A) > lam, A - lam * np.sign(A), 0.0)
    """
    result = grade("svd-shrink", source, tmp_path)
    assert any("entries of A" in d for d in diagnoses(result))


# -- the lessons show the numbers they claim ----------------------------------------------------

def test_rank_lesson_figures():
    lesson = load_module("lessons/01_rank.py")
    assert abs(lesson.out_residual() - 1 / np.sqrt(3)) < 1e-12  # 0.5774, the distance to the plane
    assert abs(lesson.out_distance() - lesson.out_residual()) < 1e-12
    assert lesson.min_norm() < lesson.planted_norm()  # lstsq returns the minimum-norm weights
    s = lesson._product_s()
    assert np.all(s[2:] / s[0] < 1e-16) and lesson.product_numerical_rank() == 2
    assert lesson.noise_edge() == "0.497" and lesson.noisy_fourth_precise() == "0.457"
    assert lesson.rank_above_edge() == 3
    C, R, pivots = lesson._cr()
    assert tuple(pivots) == (0, 1) and np.array_equal(C @ R, lesson.FEATURES)


def test_svd_lesson_figures():
    lesson = load_module("lessons/02_svd.py")
    assert (lesson.noise_error(), lesson.signal_error_k(), lesson.signal_error_next()) == ("3.083", "1.956", "2.385")
    assert lesson.small_above_edge() == 3
    assert (lesson.photo_k90(), lesson.photo_k95(), lesson.photo_k99()) == (2, 3, 21)  # data/README.md
    assert lesson.break_even_rank() == 256 and lesson._stored_fraction(256) > 1 > lesson._stored_fraction(255)
    assert lesson.photo_denoised_error() == lesson.photo_denoised_error_direct()  # the sweep's shortcut is exact
    hard, soft = lesson._sweep()
    assert soft.min() < hard.min()  # the lesson's claim: soft thresholding at its best beats hard at its best


def test_svd_figures_share_scales_and_separate_the_levels():
    from rich.console import Console

    from tutor.render.figure import render_figure

    lesson = load_module("lessons/02_svd.py")
    panels = [child for pair in lesson.reconstructions().children for child in pair.children]
    assert [p.title for p in panels] == ["A", "A_1", "A_3", "A - A_3"]
    assert len({(p.options["vmin"], p.options["vmax"]) for p in panels}) == 1
    console = Console(width=80, color_system=None, record=True)
    console.print(render_figure(lesson.spectrum()))
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= 80
    top = next(i for i, line in enumerate(lines) if line.lstrip().startswith("100 ┤"))
    rows = {marker: next(i for i, line in enumerate(lines) if marker in line and ("┤" in line or "│" in line))
            for marker in ("▲", "■")}
    assert top < rows["■"] < rows["▲"]  # 95% below the 100% row, 90% below 95%


# -- the photograph ships with its licence -------------------------------------------------------

def test_photograph_and_its_licence_ship_together():
    import hashlib
    import tomllib

    data = ROOT / "data"
    digest = hashlib.sha256((data / "camera.npy").read_bytes()).hexdigest()
    readme = (data / "README.md").read_text()
    assert digest in readme and "CC0" in readme and "Lav Varshney" in readme
    image = np.load(data / "camera.npy", allow_pickle=False)
    assert image.shape == (512, 512) and image.dtype == np.uint8
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    include = wheel["force-include"]
    assert include["data"] == "tutor/_builtin/data"


def test_heatmap_figures_take_a_colour_range():
    from tutor.lessonkit import Figure
    from tutor.render.figure import render_figure

    figure = Figure.heatmap(np.array([[0.0, 1.0]]), "x", vmin=-4, vmax=4)
    assert figure.options["vmin"] == -4.0 and figure.options["vmax"] == 4.0
    heatmap = render_figure(figure).renderable
    assert (heatmap.color_scale.vmin, heatmap.color_scale.vmax) == (-4.0, 4.0)
    default = render_figure(Figure.heatmap(np.array([[0.0, 1.0]]))).renderable
    assert (default.color_scale.vmin, default.color_scale.vmax) == (0.0, 1.0)


def test_svd_lesson_finds_the_photograph_in_a_copy_without_data(tmp_path):
    """`pack release` leaves data/ out: the lesson then reads the built-in pack's photograph."""
    import shutil

    (tmp_path / "lessons").mkdir()
    shutil.copy(ROOT / "lessons" / "02_svd.py", tmp_path / "lessons" / "02_svd.py")
    spec = importlib.util.spec_from_file_location("_course_released_svd", tmp_path / "lessons" / "02_svd.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert not module.PHOTO_PATH.exists()
    assert module.photo().shape == (512, 512) and module.photo_k99() == 21
