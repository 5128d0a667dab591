"""Computed values, formulas and figures for lessons/04-attention.md."""

import numpy as np
import sympy as sp

from tutor.lessonkit import Figure, figure, formula, value

_rng = np.random.default_rng(4)
# Four keys and values in two dimensions, one query.
VALUES = np.array([[1.0, 0.0], [4.0, 1.0], [3.0, 3.0], [0.0, 2.0]])
KEYS = _rng.standard_normal((4, 2))
QUERY = np.array([1.5, -0.5])
TARGET = np.array([6.0, -1.0])
INNER = 3  # key 4 (index 3) lies inside the triangle of the other three keys
TOKENS = ["the", "cat", "sat", "on", "the", "mat"]
SEQUENCE = _rng.standard_normal((len(TOKENS), 8))
# Random projections for the figure: with W_Q = W_K = I the scores would be X X^T, whose rows
# put their largest weight on the diagonal (x_i . x_i = |x_i|^2), which says nothing about attention.
W_Q, W_K = (_rng.standard_normal((8, 8)) / np.sqrt(8) for _ in range(2))


def _softmax(x, axis=-1):
    top = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(top), top, 0.0))
    return e / e.sum(axis=axis, keepdims=True)


def _logsumexp(x, axis=-1):
    top = np.max(x, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return np.log(np.exp(x - top).sum(axis=axis)) + np.squeeze(top, axis=axis)


def _weights(q=QUERY):
    return _softmax(KEYS @ q / np.sqrt(2))


def _fmt(values, digits=3):
    return ", ".join(f"{v:.{digits}f}" for v in values)


# -- which weights can a query give? --------------------------------------------------------------

def _best_query(i, iterations=100):
    """The query that maximizes key i's weight: Newton's method on the convex -log(weight).

    -log a_i(q) = log(1 + sum_j exp(d_j . q)) with d_j = (k_j - k_i) / sqrt(2): convex in q,
    bounded below exactly when key i is not a vertex of the keys' convex hull.
    """
    D = (np.delete(KEYS, i, axis=0) - KEYS[i]) / np.sqrt(KEYS.shape[1])

    def loss(q):
        return np.logaddexp.reduce(np.append(D @ q, 0.0))

    q = np.zeros(KEYS.shape[1])
    for _ in range(iterations):
        p = _softmax(np.append(D @ q, 0.0))[:-1]
        gradient = D.T @ p
        if np.linalg.norm(gradient) < 1e-12:
            break
        hessian = D.T @ (D * p[:, None]) - np.outer(gradient, gradient)
        step = np.linalg.solve(hessian + 1e-12 * np.eye(len(q)), gradient)
        t = 1.0
        while loss(q - t * step) > loss(q) and t > 1e-10:
            t /= 2
        q = q - t * step
    return q


def _hull_vertices(points):
    """Indices of the vertices of the convex hull of 2-D points (monotone chain)."""
    order = sorted(range(len(points)), key=lambda i: tuple(points[i]))

    def half(indices):
        chain = []
        for i in indices:
            while len(chain) >= 2:
                a, b = points[chain[-2]], points[chain[-1]]
                if (b[0] - a[0]) * (points[i][1] - a[1]) - (b[1] - a[1]) * (points[i][0] - a[0]) > 0:
                    break
                chain.pop()
            chain.append(i)
        return chain[:-1]

    return sorted(set(half(order) + half(order[::-1])))


@value
def weights():
    return _fmt(_weights())


@value
def weight_sum():
    return f"{_weights().sum():.6f}"


@value
def output():
    o = _weights() @ VALUES
    return f"({o[0]:.3f}, {o[1]:.3f})"


@value
def values_text():
    return ", ".join(f"({v[0]:g}, {v[1]:g})" for v in VALUES)


@value
def value_hull_corners():
    return len(_hull_vertices(VALUES))


@value
def keys_text():
    return ", ".join(f"({k[0]:.2f}, {k[1]:.2f})" for k in KEYS)


@value
def key_hull_vertices():
    return ", ".join(str(i + 1) for i in _hull_vertices(KEYS))


@value
def inner_value():
    return f"({VALUES[INNER][0]:g}, {VALUES[INNER][1]:g})"


@value
def inner_max_weight():
    return f"{_weights(_best_query(INNER))[INNER]:.3f}"


@value
def inner_best_query():
    q = _best_query(INNER)
    return f"({q[0]:.2f}, {q[1]:.2f})"


def _best_weight_at_length(i, length, angles=3600):
    """Key i's largest weight over queries of the given length (a sweep of directions)."""
    theta = np.linspace(0.0, 2 * np.pi, angles, endpoint=False)
    queries = length * np.stack([np.cos(theta), np.sin(theta)], axis=1)
    return float(_softmax(queries @ KEYS.T / np.sqrt(2))[:, i].max())


@value
def best_weights_10():
    return _fmt([_best_weight_at_length(i, 10.0) for i in range(len(KEYS))])


@value
def best_weights_40():
    return _fmt([_best_weight_at_length(i, 40.0) for i in range(len(KEYS))], 5)


# -- regression weights ---------------------------------------------------------------------------

def _regression():
    return np.linalg.lstsq(VALUES.T, TARGET, rcond=None)[0]


@value
def target():
    return f"({TARGET[0]:g}, {TARGET[1]:g})"


@value
def regression_weights():
    return _fmt(_regression())


@value
def regression_weight_sum():
    return f"{_regression().sum():.3f}"


@value
def regression_norm():
    return f"{np.linalg.norm(_regression()):.3f}"


def _other_solution():
    null = np.linalg.svd(VALUES.T)[2][-1]  # V^T null = 0
    return _regression() + 2.0 * null / np.abs(null).max()


@value
def other_regression_weights():
    return _fmt(_other_solution())


@value
def other_regression_norm():
    return f"{np.linalg.norm(_other_solution()):.3f}"


@value
def other_regression_reaches():
    reached = VALUES.T @ _other_solution()
    return f"({reached[0]:.3f}, {reached[1]:.3f})"


# -- softmax stability -----------------------------------------------------------------------------

LARGE = np.array([1000.0, 1001.0, 1002.0])


@value
def naive_large():
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(LARGE)
        w = e / e.sum()
    return ", ".join(str(v) for v in w)


@value
def stable_large():
    return _fmt(_softmax(LARGE), 4)


@value
def small_example():
    return _fmt(_softmax(LARGE - 1000.0), 4)


@value
def stable_denominator():
    return f"{np.exp(LARGE - LARGE.max()).sum():.4f}"


@value
def all_masked_row():
    with np.errstate(invalid="ignore"):
        x = np.full(3, -np.inf)
        e = np.exp(x - x.max())
        return ", ".join(str(v) for v in e / e.sum())


# -- log-sum-exp, log-softmax, cross-entropy -------------------------------------------------------

SPREAD = np.array([0.0, -800.0])
LOGITS = np.array([[2.0, 0.5, -1.0], [0.0, 0.0, 0.0], [1000.0, 0.0, -1000.0]])
TARGETS = np.array([0, 2, 0])


def _log_softmax(x, axis=-1):
    return x - np.expand_dims(_logsumexp(x, axis=axis), axis)


@value
def log_of_softmax():
    with np.errstate(divide="ignore"):
        return ", ".join(f"{v:g}" for v in np.log(_softmax(SPREAD)))


@value
def log_softmax_direct():
    return ", ".join(f"{v:g}" for v in _log_softmax(SPREAD))


@value
def spread_text():
    return ", ".join(f"{v:g}" for v in SPREAD)


def _losses():
    return 0.0 - _log_softmax(LOGITS)[np.arange(len(TARGETS)), TARGETS]  # 0.0 - x never prints -0


@value
def example_losses():
    return _fmt(_losses())


@value
def example_cross_entropy():
    return f"{_losses().mean():.3f}"


@value
def uniform_loss():
    return f"{np.log(LOGITS.shape[1]):.4f}"


@value
def naive_third_loss():
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(LOGITS[2])
        return f"{-np.log(e / e.sum())[TARGETS[2]]}"


@value
def wrong_third_loss():
    return f"{-_log_softmax(LOGITS[2])[1]:g}"


@value
def wrong_third_loss_naive():
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return f"{-np.log(_softmax(LOGITS[2]))[1]:g}"


@formula
def log_softmax_formula():
    j, n = sp.symbols("j n", integer=True, positive=True)
    x_i, x_j = sp.Symbol("x_i"), sp.Symbol("xⱼ")
    return sp.Eq(sp.Symbol("log softmax(x)_i"), x_i - sp.log(sp.Sum(sp.exp(x_j), (j, 1, n))), evaluate=False)


@formula
def cross_entropy_formula():
    i, n = sp.symbols("i n", integer=True, positive=True)
    return sp.Eq(sp.Symbol("loss"), -sp.Sum(sp.Symbol("log softmax(zᵢ)[tᵢ]"), (i, 1, n)) / n, evaluate=False)


# -- kernel regression ----------------------------------------------------------------------------

_krng = np.random.default_rng(40)
X_TRAIN = np.sort(_krng.uniform(0.0, 6.0, 12))
Y_TRAIN = np.sin(X_TRAIN) + 0.15 * _krng.standard_normal(12)
X_GRID = np.linspace(0.0, 6.0, 49)
BANDWIDTHS = (0.1, 0.5, 3.0)


def _kernel_weights(x_query, bandwidth, x_train=X_TRAIN):
    scores = -((x_query[:, None] - x_train[None, :]) ** 2) / (2 * bandwidth**2)
    return _softmax(scores)


def _predict(x_query, bandwidth):
    return _kernel_weights(x_query, bandwidth) @ Y_TRAIN


@formula
def kernel_scores():
    return sp.Eq(sp.Symbol("score(q, xᵢ)"), -sp.Symbol("‖q - xᵢ‖²") / (2 * sp.Symbol("h") ** 2), evaluate=False)


@formula
def kernel_expanded():
    h = sp.Symbol("h")
    return sp.Eq(-sp.Symbol("‖q - k‖²") / (2 * h**2),
                 sp.Symbol("q·k") / h**2 - sp.Symbol("‖q‖²") / (2 * h**2) - sp.Symbol("‖k‖²") / (2 * h**2),
                 evaluate=False)


@figure
def kernel_fits():
    series = {"sin x": np.sin(X_GRID)}
    series.update({f"h = {h:g}": _predict(X_GRID, h) for h in BANDWIDTHS})
    return Figure.line(X_GRID, series, "Kernel regression through 12 noisy samples of sin x, three bandwidths",
                       xlabel="the input x", ylabel="the prediction")


@value
def training_count():
    return len(X_TRAIN)


@value
def wide_prediction_spread():
    p = _predict(X_GRID, 50.0)
    return f"{p.min():.3f} to {p.max():.3f}"


@value
def train_mean():
    return f"{Y_TRAIN.mean():.3f}"


@value
def tiny_bandwidth_naive_nans():
    with np.errstate(under="ignore", invalid="ignore"):
        scores = -((X_GRID[:, None] - X_TRAIN[None, :]) ** 2) / (2 * 1e-6**2)
        e = np.exp(scores)
        naive = e / e.sum(axis=1, keepdims=True)
    return int(np.isnan(naive).any(axis=1).sum())


@value
def tiny_bandwidth_top_scores():
    scores = -((X_GRID[:, None] - X_TRAIN[None, :]) ** 2) / (2 * 1e-6**2)
    top = scores.max(axis=1)
    return f"{top.min():.1e} and {top.max():.1e}"


@value
def grid_count():
    return len(X_GRID)


@value
def tiny_bandwidth_matches_nearest():
    nearest = Y_TRAIN[np.argmin(np.abs(X_GRID[:, None] - X_TRAIN[None, :]), axis=1)]
    return "all" if np.allclose(_predict(X_GRID, 1e-6), nearest) else "not all"


@value
def tie_weights():
    x_train = np.array([0.0, 1.0, 3.0])
    return _fmt(_kernel_weights(np.array([0.5]), 1e-12, x_train)[0])


# -- formulas -------------------------------------------------------------------------------------

@formula
def attention_output():
    i, n = sp.symbols("i n", integer=True, positive=True)
    return sp.Eq(sp.Symbol("o"), sp.Sum(sp.Symbol("a_i") * sp.Symbol("v_i", commutative=False), (i, 1, n)),
                 evaluate=False)


@formula
def attention_weights():
    j, n = sp.symbols("j n", integer=True, positive=True)
    d = sp.Symbol("d_k", positive=True)
    return sp.Eq(sp.Symbol("a_i"),
                 sp.exp(sp.Symbol("q·kᵢ") / sp.sqrt(d)) / sp.Sum(sp.exp(sp.Symbol("q·kⱼ") / sp.sqrt(d)), (j, 1, n)),
                 evaluate=False)


@formula
def shift():
    j, n = sp.symbols("j n", integer=True, positive=True)
    x_i, x_j, c = sp.Symbol("x_i"), sp.Symbol("xⱼ"), sp.Symbol("c")
    return sp.Eq(sp.exp(x_i) / sp.Sum(sp.exp(x_j), (j, 1, n)), sp.exp(x_i - c) / sp.Sum(sp.exp(x_j - c), (j, 1, n)),
                 evaluate=False)


@formula
def denominator_bounds():
    """1 <= sum exp(x_j - m) <= n, as text: SymPy prints a chained inequality as two."""
    j, n = sp.symbols("j n", integer=True, positive=True)
    m, x_j = sp.Symbol("m"), sp.Symbol("xⱼ")
    lines = sp.pretty(sp.Le(1, sp.Sum(sp.exp(x_j - m), (j, 1, n)), evaluate=False), use_unicode=True).splitlines()
    width = max(len(line) for line in lines)
    return "\n".join(line.ljust(width) + (" ≤ n" if line.startswith("1 ≤") else "") for line in lines)


@formula
def logsumexp():
    j, n = sp.symbols("j n", integer=True, positive=True)
    m, x_j = sp.Symbol("m"), sp.Symbol("xⱼ")
    return sp.Eq(sp.log(sp.Sum(sp.exp(x_j), (j, 1, n))), m + sp.log(sp.Sum(sp.exp(x_j - m), (j, 1, n))), evaluate=False)


# -- masks ----------------------------------------------------------------------------------------

def _scores():
    Q, K = SEQUENCE @ W_Q, SEQUENCE @ W_K
    return Q @ K.T / np.sqrt(Q.shape[1])


def _pattern(causal):
    scores = _scores()
    if causal:
        scores = np.where(_causal(len(TOKENS)), scores, -np.inf)
    return _softmax(scores)


def _causal(n):
    return np.tril(np.ones((n, n), dtype=bool))


@value
def diagonal_argmax_rows():
    return int((_pattern(False).argmax(axis=1) == np.arange(len(TOKENS))).sum())


@value
def identity_diagonal_argmax_rows():
    scores = SEQUENCE @ SEQUENCE.T
    return int((scores.argmax(axis=1) == np.arange(len(TOKENS))).sum())


@value
def position_count():
    return len(TOKENS)


@figure
def patterns():
    causal = Figure("attention", "causal mask", {"weights": _pattern(True), "mask": _causal(len(TOKENS))},
                    {"labels": TOKENS})
    return Figure.row([Figure.attention(_pattern(False), "no mask", labels=TOKENS), causal],
                      "Self-attention weights of six positions (rows: queries, columns: keys)")
