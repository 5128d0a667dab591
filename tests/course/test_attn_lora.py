"""The attention, multi-head and LoRA lessons: correct answers written differently pass, the
contracts' edge cases hold, hand-written mistakes are named, the progression between exercises
works, and the lessons show the numbers they claim."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import numpy as np
import pytest
from coursekit import PACK, ROOT, failures, grade, load_module

MINE = ["attn-softmax", "attn-weights", "attn-logsumexp", "attn-kernel", "mha-forward", "mha-circuits",
        "mha-circuits-sum", "mha-eig", "lora-forward", "lora-from-delta"]
NEW = ["attn-logsumexp", "attn-kernel", "mha-circuits-sum", "mha-eig", "lora-forward", "lora-from-delta"]


# -- the course map ------------------------------------------------------------------------------

def test_lessons_hold_their_exercises_in_order():
    assert [ex.id for ex in PACK.lesson("attention").exercises] == MINE[:4]
    assert [ex.id for ex in PACK.lesson("multihead").exercises] == MINE[4:8]
    assert [ex.id for ex in PACK.lesson("lora").exercises] == MINE[8:]
    assert PACK.lessons[-1].id == "lora"
    for exercise_id in MINE:
        exercise = PACK.exercise(exercise_id)
        assert len(exercise.hints) == 3, exercise_id
        variants = list((ROOT / exercise.variants).glob("[!_]*.py"))
        assert 4 <= len(variants) <= 8, exercise_id


def test_the_softmax_is_written_once_and_imported_after():
    uses = {ex: PACK.exercise(ex).uses for ex in MINE}
    assert uses["attn-weights"] == uses["attn-kernel"] == uses["mha-forward"] == ("attn-softmax",)
    assert uses["mha-circuits-sum"] == ("attn-softmax", "mha-circuits")
    for exercise_id in ("attn-weights", "attn-kernel", "mha-forward", "mha-circuits-sum"):
        stub = (ROOT / "exercises" / PACK.exercise(exercise_id).file).read_text()
        assert "from attn_softmax import softmax" in stub, exercise_id
        assert "def softmax" not in stub, exercise_id


def test_stubs_fit_the_task_tab_and_ship_no_answer():
    for exercise_id in MINE:
        exercise = PACK.exercise(exercise_id)
        text = (ROOT / "exercises" / exercise.file).read_text()
        assert max(len(line) for line in text.splitlines()) <= 70, exercise_id
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef) and node.name in exercise.functions:
                assert isinstance(node.body[-1], ast.Raise), (exercise_id, node.name)


def test_variants_are_self_contained():
    """The grader imports variants on their own: none may import a learner's file."""
    learner_files = {Path(ex.file).stem for ex in PACK.exercises}
    for exercise_id in MINE:
        for path in (ROOT / PACK.exercise(exercise_id).variants).glob("*.py"):
            imported = set()
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    imported |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module:
                    imported.add(node.module.split(".")[0])
            assert not imported & learner_files, (path, imported & learner_files)


# -- correct answers written differently pass ---------------------------------------------------

ALTERNATIVES = {
    # np.logaddexp.reduce for the log-sum-exp; a loop and a NumPy float for the loss.
    "attn-logsumexp": """
        import numpy as np
        def logsumexp(x, axis=-1):
            return np.logaddexp.reduce(np.asarray(x, dtype=float), axis=axis)
        def log_softmax(x, axis=-1):
            x = np.asarray(x, dtype=float)
            return x - np.expand_dims(logsumexp(x, axis), axis)
        def cross_entropy(logits, targets):
            logits = np.asarray(logits, dtype=float)
            if len(targets) != len(logits):
                raise ValueError("lengths")
            total = np.float64(0.0)
            for row, t in zip(logits, targets):
                if not 0 <= t < logits.shape[1]:
                    raise ValueError(t)
                total -= log_softmax(row)[t]
            return total / len(targets)
    """,
    # The expansion |q|^2 + |k|^2 - 2 q.k, y as a column. (Normalizing in the log domain instead,
    # exp(s - logsumexp(s)), fails the tie at h = 1e-12: -5e23 + log 2 rounds to -5e23.)
    "attn-kernel": """
        import numpy as np
        def kernel_regression(x_train, y_train, x_query, bandwidth):
            if bandwidth <= 0:
                raise ValueError(bandwidth)
            xt, xq = np.atleast_2d(np.asarray(x_train, float).T).T, np.atleast_2d(np.asarray(x_query, float).T).T
            y = np.asarray(y_train, dtype=float)
            d2 = (xq ** 2).sum(1)[:, None] + (xt ** 2).sum(1)[None, :] - 2 * xq @ xt.T
            s = -np.maximum(d2, 0.0) / (2 * bandwidth ** 2)
            e = np.exp(s - s.max(axis=1, keepdims=True))
            out = (e / e.sum(axis=1, keepdims=True)) @ y.reshape(len(y), -1)
            return out[:, 0] if y.ndim == 1 else out
    """,
    # All heads at once with einsum; the softmax written with a log-sum-exp.
    "mha-circuits-sum": """
        import numpy as np
        def mha_from_circuits(X, W_Q, W_K, W_V, W_O, n_heads, causal=False):
            n, width = X.shape[0], W_Q.shape[1]
            if n_heads < 1 or width % n_heads:
                raise ValueError(n_heads)
            d = width // n_heads
            Wq, Wk, Wv = (W.reshape(W.shape[0], n_heads, d) for W in (W_Q, W_K, W_V))
            QK = np.einsum("ahd,bhd->hab", Wq, Wk)
            OV = np.einsum("ahd,hdc->hac", Wv, W_O.reshape(n_heads, d, W_O.shape[1]))
            s = np.einsum("ia,hab,jb->hij", X, QK, X) / np.sqrt(d)
            if causal:
                s = np.where(np.tril(np.ones((n, n), bool)), s, -np.inf)
            w = np.exp(s - np.logaddexp.reduce(s, axis=-1, keepdims=True))
            return np.einsum("hij,jb,hbc->ic", w, X, OV)
    """,
    # eig of the transpose (same eigenvalues), sorted with lexsort, the score from the trace.
    "mha-eig": """
        import numpy as np
        def factored_eigvals(A, B):
            A, B = np.asarray(A, float), np.asarray(B, float)
            (m, r) = A.shape
            if B.shape != (r, m) or r > m:
                raise ValueError("shapes")
            w = np.linalg.eig((B @ A).T)[0]
            order = np.lexsort((np.imag(w), -np.abs(w)))
            return w[order]
        def copying_score(A, B):
            w = factored_eigvals(A, B)
            total = np.sum(np.abs(w))
            return np.float64(0.0) if total == 0 else np.trace(np.asarray(B) @ np.asarray(A)) / total
    """,
    # The merged weight first; a NumPy integer count.
    "lora-forward": """
        import numpy as np
        def lora_merge(W, A, B, alpha):
            W, A, B = np.asarray(W, float), np.asarray(A, float), np.asarray(B, float)
            r = A.shape[0]
            if r == 0 or W.ndim != 2 or A.shape != (r, W.shape[1]) or B.shape != (W.shape[0], r):
                raise ValueError("shapes")
            return W + B @ A * (float(alpha) / r)
        def lora_forward(X, W, A, B, alpha):
            return np.asarray(X, float) @ lora_merge(W, A, B, alpha).T
        def lora_param_count(d_out, d_in, r):
            if r < 1:
                raise ValueError(r)
            return np.int64(r) * (d_out + d_in)
    """,
    # Another split: B = U S M and A = M^-1 V^T for an invertible M, with signs flipped, as a list.
    "lora-from-delta": """
        import numpy as np
        def lora_from_delta(delta, r):
            delta = np.asarray(delta, dtype=float)
            if not (isinstance(r, int) and 1 <= r <= min(delta.shape)):
                raise ValueError(r)
            U, s, Vt = np.linalg.svd(delta)
            M = np.triu(np.ones((r, r))) + np.eye(r)
            return [-(U[:, :r] * s[:r]) @ M, -np.linalg.solve(M, Vt[:r])]
    """,
}


@pytest.mark.parametrize("exercise_id", NEW)
def test_correct_answers_written_differently_pass(exercise_id, tmp_path):
    result = grade(exercise_id, ALTERNATIVES[exercise_id], tmp_path)
    assert result.passed, failures(result)


def test_a_learners_own_softmax_is_imported_beside_the_file(tmp_path):
    """attn-weights built on the learner's attn_softmax.py (uses = ["attn-softmax"])."""
    own = ("import numpy as np\ndef softmax(x, axis=-1):\n"
           "    return np.exp(x - np.logaddexp.reduce(x, axis=axis, keepdims=True))\n")
    source = """
        import numpy as np
        from attn_softmax import softmax
        def attention(Q, K, V, mask=None):
            s = np.asarray(Q, float) @ np.asarray(K, float).T / np.sqrt(np.shape(Q)[1])
            w = softmax(s if mask is None else np.where(mask, s, -np.inf))
            return w @ V, w
        def causal_mask(n):
            return np.tri(n, dtype=bool)
    """
    assert grade("attn-weights", source, tmp_path, {"attn_softmax.py": own}).passed
    (tmp_path / "unfinished").mkdir()
    stub = (ROOT / "exercises/04_attention/attn_softmax.py").read_text()
    result = grade("attn-weights", source, tmp_path / "unfinished", {"attn_softmax.py": stub})
    assert {c.verdict for c in result.checks if not c.passed} == {"todo"}  # the unfinished softmax, named


# -- contracts' edge cases -----------------------------------------------------------------------

def test_logsumexp_edge_cases():
    lse = load_module("solutions/04_attention/attn_logsumexp.py")
    assert lse.logsumexp(np.array([1e4, 1e4])) == pytest.approx(1e4 + np.log(2), rel=1e-15)
    with np.errstate(all="raise"):
        assert lse.logsumexp(np.full((2, 3), -np.inf)).tolist() == [-np.inf, -np.inf]
    assert lse.log_softmax(np.array([0.0, -800.0])).tolist() == [0.0, -800.0]
    assert lse.logsumexp(np.ones((2, 3, 4)), axis=1).shape == (2, 4)
    assert isinstance(lse.cross_entropy(np.zeros((2, 3)), [0, 2]), float)
    for bad in ([0, 3], [-1, 0], [0]):
        with pytest.raises(ValueError):
            lse.cross_entropy(np.zeros((2, 3)), bad)


def test_kernel_regression_edge_cases():
    kr = load_module("solutions/04_attention/attn_kernel.py")
    x, y = np.array([0.0, 1.0, 3.0]), np.array([2.0, 4.0, 100.0])
    with np.errstate(all="raise", under="ignore"):
        assert kr.kernel_regression(x, y, np.array([0.5, 2.0]), 1e-12).tolist() == [3.0, 52.0]
    assert kr.kernel_regression(x, np.ones((3, 2)), np.array([0.2]), 0.5).shape == (1, 2)
    assert kr.kernel_regression(np.ones((3, 2)), y, np.zeros((4, 2)), 0.5).shape == (4,)
    for h in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError):
            kr.kernel_regression(x, y, x, h)


def test_lora_rejects_what_numpy_would_broadcast():
    lf = load_module("solutions/06_lora/lora_forward.py")
    rng = np.random.default_rng(0)
    X, W, A = rng.standard_normal((3, 4)), rng.standard_normal((5, 4)), rng.standard_normal((2, 4))
    assert (X @ W.T + X @ A.T @ rng.standard_normal((1, 2)).T).shape == (3, 5)  # NumPy broadcasts it
    for bad_B in (rng.standard_normal((1, 2)), rng.standard_normal((5, 3)), rng.standard_normal(2)):
        with pytest.raises(ValueError):
            lf.lora_forward(X, W, A, bad_B, 1.0)
        with pytest.raises(ValueError):
            lf.lora_merge(W, A, bad_B, 1.0)
    with pytest.raises(ValueError):
        lf.lora_forward(X, W, np.zeros((0, 4)), np.zeros((5, 0)), 1.0)
    assert lf.lora_param_count(4096, 4096, 8) == 65536


def test_factored_eigvals_dtype_follows_the_spectrum():
    me = load_module("solutions/05_multihead/mha_eig.py")
    rng = np.random.default_rng(1)
    A = rng.standard_normal((9, 3))
    assert me.factored_eigvals(A, A.T).dtype.kind == "f"
    Q = np.linalg.qr(rng.standard_normal((5, 2)))[0]
    rotation = me.factored_eigvals(Q, np.array([[0.0, -1.0], [1.0, 0.0]]) @ Q.T)
    assert rotation.dtype.kind == "c" and np.allclose(sorted(rotation.imag), [-1, 1])
    assert me.copying_score(np.zeros((4, 2)), np.zeros((2, 4))) == 0.0
    with pytest.raises(ValueError):
        me.factored_eigvals(rng.standard_normal((3, 5)), rng.standard_normal((5, 3)))


# -- mistakes written by hand are named ---------------------------------------------------------

def test_forming_the_product_fails_on_memory_only(tmp_path):
    source = ALTERNATIVES["mha-eig"].replace("w = np.linalg.eig((B @ A).T)[0]", "w = np.linalg.eigvals(A @ B)").replace(
        "return w[order]", "return w[order][:r].real if np.allclose(w[order][:r].imag, 0) else w[order][:r]")
    result = grade("mha-eig", source, tmp_path)
    failed = [c for c in result.checks if not c.passed]
    assert "works when A @ B is too large to form (m = 20000)" in [c.name for c in failed]
    big = next(c for c in failed if "20000" in c.name)
    assert "ran out of memory" in big.message and "formed the m x m product" in (big.diagnosis or "")


def test_the_missing_scale_is_named(tmp_path):
    source = ALTERNATIVES["mha-circuits-sum"].replace("/ np.sqrt(d)", "")
    result = grade("mha-circuits-sum", source, tmp_path)
    assert any("1/sqrt(d_head)" in (c.diagnosis or "") for c in result.checks if not c.passed)


def test_log_of_softmax_is_named(tmp_path):
    source = """
        import numpy as np
        def logsumexp(x, axis=-1):
            return np.logaddexp.reduce(np.asarray(x, dtype=float), axis=axis)
        def log_softmax(x, axis=-1):
            e = np.exp(x - np.max(x, axis=axis, keepdims=True))
            return np.log(e / e.sum(axis=axis, keepdims=True))
        def cross_entropy(logits, targets):
            logits, targets = np.asarray(logits, float), np.asarray(targets)
            if targets.shape != (len(logits),) or (targets < 0).any() or (targets >= logits.shape[1]).any():
                raise ValueError("targets")
            return float(-log_softmax(logits)[np.arange(len(targets)), targets].mean())
    """
    result = grade("attn-logsumexp", source, tmp_path)
    tiny = next(c for c in result.checks if c.name.startswith("log_softmax keeps tiny"))
    assert not tiny.passed and "np.log of a (stable) softmax" in (tiny.diagnosis or "")


def test_a_broadcast_b_is_named(tmp_path):
    source = ALTERNATIVES["lora-forward"].replace(" or B.shape != (W.shape[0], r)", "")
    result = grade("lora-forward", source, tmp_path)
    failed = [c for c in result.checks if not c.passed]
    assert [c.name for c in failed] == ["both reject a B of shape (1, r), which NumPy would broadcast"]
    assert "did not check B's shape" in (failed[0].diagnosis or "")



def test_factors_that_hold_only_for_small_matrices_fail(tmp_path):
    source = textwrap.dedent("""
        import numpy as np

        def lora_from_delta(delta, r):
            delta = np.asarray(delta, dtype=float)
            if not 1 <= r <= min(delta.shape):
                raise ValueError("r out of range")
            if delta.size > 100:
                raise RuntimeError("only small layers")
            U, s, Vt = np.linalg.svd(delta, full_matrices=False)
            return U[:, :r] * s[:r], Vt[:r]
        """)
    result = grade("lora-from-delta", source, tmp_path)
    failed = [c for c in result.checks if not c.passed]
    assert [c.name for c in failed] == ["B @ A is the best rank-r approximation of delta"]
    assert failed[0].message == "RuntimeError: only small layers" and failed[0].calls == 4  # the 64x48 call


# -- lessons -------------------------------------------------------------------------------------

def test_attention_lesson_figures():
    lesson = load_module("lessons/04_attention.py")
    assert lesson.key_hull_vertices() == "1, 2, 3"  # key 4 lies inside the others' triangle
    assert lesson.inner_max_weight() == "0.282"
    # No query does better than the optimum: a sweep of directions and lengths stays below it.
    theta = np.linspace(0, 2 * np.pi, 720)
    for length in (0.5, 2.0, 5.0, 20.0):
        queries = length * np.stack([np.cos(theta), np.sin(theta)], axis=1)
        assert lesson._softmax(queries @ lesson.KEYS.T / np.sqrt(2))[:, 3].max() <= 0.28205
    assert lesson.identity_diagonal_argmax_rows() == 6 and lesson.diagonal_argmax_rows() < 6
    assert lesson.regression_weights() == "0.497, 1.456, -0.108, -1.067"
    assert np.allclose(lesson.VALUES.T @ lesson._other_solution(), lesson.TARGET)
    assert np.linalg.norm(lesson._other_solution()) > np.linalg.norm(lesson._regression())
    assert lesson.naive_large() == "nan, nan, nan" and lesson.stable_denominator() == "1.5032"
    assert lesson.all_masked_row() == "nan, nan, nan"
    assert lesson.tie_weights() == "0.500, 0.500, 0.000"
    assert lesson.tiny_bandwidth_naive_nans() == lesson.grid_count()
    figure = lesson.patterns()
    causal = figure.children[1]
    assert causal.arrays["mask"].sum() == 21 and np.all(causal.arrays["weights"][~causal.arrays["mask"]] == 0)


def test_multihead_lesson_figures():
    lesson = load_module("lessons/05_multihead.py")
    assert lesson.named_ranks() == "4, 1, 4, 0"
    shares = [float(v) for v in lesson.named_entropies().split(", ")]
    low, _ = (float(v) for v in lesson.random_entropies().split(" to "))
    assert max(shares[:3]) < 0.1 and shares[3] == 1.0 and low > 0.85
    patterns = lesson._named_patterns()
    assert all(patterns[0][i, i - 1] > 0.99 for i in range(1, 8))
    assert lesson.qk_full_rank() == 16 and float(lesson.qk_sum_error()) < 1e-12
    assert float(lesson.routes_difference()) < 1e-12 and float(lesson.one_softmax_relative_difference()) > 0.1
    assert lesson.copying_scores().startswith("copying 1.000, anti-copying -1.000")
    assert float(lesson.small_eig_agreement()) < 1e-10 and float(lesson.small_eig_rest()) < 1e-10
    figure = lesson.head_patterns()
    assert figure.kind == "heads" and all(f"mask:{h}" in figure.arrays for h in range(4))


def test_lora_lesson_figures():
    lesson = load_module("lessons/06_lora.py")
    assert lesson.lora_params_4096() == 65536 and lesson.lora_share_4096() == "0.39%"
    assert float(lesson.delta_rank4_error()[:-1]) < 15 < float(lesson.w_rank4_error()[:-1])
    assert float(lesson.from_delta_output_error()) < 0.05
    assert lesson.init_difference() == "0"
    assert float(lesson.split_difference()) < 1e-12 and float(lesson.merge_difference()) < 1e-12
    assert lesson.unscaled_factor_error() == "1.00"


def test_masked_cells_reach_the_drawing():
    import io

    from rich.console import Console

    from tutor.render.figure import render_figure

    lesson = load_module("lessons/04_attention.py")
    console = Console(width=80, record=True, color_system=None, file=io.StringIO())
    console.print(render_figure(lesson.patterns()))
    text = console.export_text()
    assert text.count("·") >= 15 and "masked: not allowed" in text
