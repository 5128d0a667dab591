"""Computed values, formulas and figures for lessons/05-multihead.md."""

import numpy as np
import sympy as sp

from tutor.lessonkit import Figure, figure, formula, value

# -- a random layer: ranks, spectra, the factored SVD, heads as a sum of circuits -----------------

D_MODEL, HEADS, D_HEAD = 16, 4, 4
_rng = np.random.default_rng(5)
W_Q, W_K, W_V = (_rng.standard_normal((D_MODEL, HEADS * D_HEAD)) / np.sqrt(D_MODEL) for _ in range(3))
W_O = _rng.standard_normal((HEADS * D_HEAD, D_MODEL)) / np.sqrt(D_MODEL)
X = _rng.standard_normal((8, D_MODEL))


def _softmax(x, axis=-1):
    top = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(top), top, 0.0))
    return e / e.sum(axis=axis, keepdims=True)


def _cols(h, d_head=D_HEAD):
    return slice(h * d_head, (h + 1) * d_head)


def _qk(h):
    return W_Q[:, _cols(h)] @ W_K[:, _cols(h)].T


def _ov(h):
    return W_V[:, _cols(h)] @ W_O[_cols(h), :]


def _projection_params(d_model, heads, d_head):
    return 4 * d_model * heads * d_head


def _entropy_share(pattern, allowed):
    """Mean over rows of the pattern's entropy divided by that of uniform weights on the allowed keys."""
    shares = []
    for row, ok in zip(pattern, allowed, strict=True):
        if ok.sum() < 2:
            continue
        p = row[ok]
        p = p[p > 0]
        shares.append(-(p * np.log(p)).sum() / np.log(ok.sum()))
    return float(np.mean(shares))


def _random_patterns():
    return [_softmax((X @ W_Q[:, _cols(h)]) @ (X @ W_K[:, _cols(h)]).T / np.sqrt(D_HEAD)) for h in range(HEADS)]


@value
def params_eight_heads():
    return _projection_params(512, 8, 64)


@value
def params_one_head():
    return _projection_params(512, 1, 512)


@value
def d_model():
    return D_MODEL


@value
def heads():
    return HEADS


@value
def d_head():
    return D_HEAD


@value
def qk_ranks():
    return ", ".join(str(int(np.linalg.matrix_rank(_qk(h)))) for h in range(HEADS))


@value
def ov_ranks():
    return ", ".join(str(int(np.linalg.matrix_rank(_ov(h)))) for h in range(HEADS))


@value
def qk_full_rank():
    return int(np.linalg.matrix_rank(W_Q @ W_K.T))


@value
def qk_sum_error():
    return f"{np.abs(sum(_qk(h) for h in range(HEADS)) - W_Q @ W_K.T).max():.1e}"


@value
def qk_head0_singular_values():
    s = np.linalg.svd(_qk(0), compute_uv=False)
    return ", ".join(f"{v:.2g}" for v in s[: D_HEAD + 2])


@value
def random_entropies():
    everything = np.ones((X.shape[0],) * 2, dtype=bool)
    shares = [_entropy_share(p, everything) for p in _random_patterns()]
    return f"{min(shares):.2f} to {max(shares):.2f}"


def _factored_singular_values(A, B):
    _, Ra = np.linalg.qr(A)
    _, Rb = np.linalg.qr(B.T)
    return np.linalg.svd(Ra @ Rb.T, compute_uv=False)


@value
def factored_values():
    return ", ".join(f"{v:.6f}" for v in _factored_singular_values(W_Q[:, _cols(0)], W_K[:, _cols(0)].T))


@value
def direct_values():
    return ", ".join(f"{v:.6f}" for v in np.linalg.svd(_qk(0), compute_uv=False)[:D_HEAD])


@value
def big_entries():
    return 4096 * 4096


@value
def big_factor_entries():
    return 2 * 4096 * 64


# -- multi-head attention two ways --------------------------------------------------------------

def _concat_route(causal=True):
    n = X.shape[0]
    allowed = np.tril(np.ones((n, n), dtype=bool)) if causal else np.ones((n, n), dtype=bool)
    heads = []
    for h in range(HEADS):
        c = _cols(h)
        scores = (X @ W_Q[:, c]) @ (X @ W_K[:, c]).T / np.sqrt(D_HEAD)
        heads.append(_softmax(np.where(allowed, scores, -np.inf)) @ (X @ W_V[:, c]))
    return np.concatenate(heads, axis=1) @ W_O


def _circuit_route(causal=True):
    n = X.shape[0]
    allowed = np.tril(np.ones((n, n), dtype=bool)) if causal else np.ones((n, n), dtype=bool)
    total = np.zeros((n, W_O.shape[1]))
    for h in range(HEADS):
        pattern = _softmax(np.where(allowed, X @ _qk(h) @ X.T / np.sqrt(D_HEAD), -np.inf))
        total += pattern @ X @ _ov(h)
    return total


def _one_softmax_route(causal=True):
    """The mistake of adding the heads' scores first: one softmax over the summed circuits."""
    n = X.shape[0]
    allowed = np.tril(np.ones((n, n), dtype=bool)) if causal else np.ones((n, n), dtype=bool)
    scores = X @ sum(_qk(h) for h in range(HEADS)) @ X.T / np.sqrt(D_HEAD)
    return _softmax(np.where(allowed, scores, -np.inf)) @ X @ sum(_ov(h) for h in range(HEADS))


@value
def routes_difference():
    return f"{np.abs(_concat_route() - _circuit_route()).max():.1e}"


@value
def one_softmax_relative_difference():
    exact = _concat_route()
    return f"{np.linalg.norm(_one_softmax_route() - exact) / np.linalg.norm(exact):.2f}"


@formula
def head_sum():
    h = sp.Symbol("h")
    n = sp.Symbol("n_heads")
    term = sp.Symbol("softmax(X W_QK[h] Xᵀ / √d_head) X W_OV[h]", commutative=False)
    return sp.Eq(sp.Symbol("MHA(X)"), sp.Sum(term, (h, 1, n)), evaluate=False)


# -- constructed heads that do different things ---------------------------------------------------

TOKENS = ["BOS", "the", "cat", "sat", "on", "the", "mat", "."]
N = len(TOKENS)
# x_i has 10 coordinates: 4 for the token, 4 for the position, one "first position" flag, one 1.
_TOKEN_CODES = np.vstack([np.eye(4), -np.eye(4)])  # eight token codes: dot products 1, 0 or -1
_VOCAB = list(dict.fromkeys(TOKENS))
OMEGAS = (np.pi / 4, np.pi / 2)


def _positions(p):
    return np.concatenate([[np.cos(w * p), np.sin(w * p)] for w in OMEGAS])


def _rotation(angle):
    return np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])


def _embed():
    rows = []
    for p, token in enumerate(TOKENS):
        rows.append(np.concatenate([_TOKEN_CODES[_VOCAB.index(token)], _positions(p), [float(p == 0), 1.0]]))
    return np.array(rows)


EMBEDDED = _embed()
TOKEN_DIMS, POSITION_DIMS, FIRST, ONE = slice(0, 4), slice(4, 8), 8, 9
NAMED = ("previous token", "first token", "same token", "uniform")


def _named_factors():
    """W_Q[h] and W_K[h] (10 x 4 each) of the four constructed heads, in the order of NAMED."""
    width = EMBEDDED.shape[1]
    factors = []
    # previous token: the query's position rotated back by one step meets the key's position,
    # so score(i, j) = c * sum over frequencies of cos(w (i - 1 - j)), largest at j = i - 1.
    W_Qh, W_Kh = np.zeros((width, D_HEAD)), np.zeros((width, D_HEAD))
    back = np.zeros((4, 4))
    for f, w in enumerate(OMEGAS):
        back[2 * f : 2 * f + 2, 2 * f : 2 * f + 2] = _rotation(w)  # (cos wi, sin wi) R(w) = position i - 1
    W_Qh[POSITION_DIMS] = 10.0 * back
    W_Kh[POSITION_DIMS] = np.eye(4)
    factors.append((W_Qh, W_Kh))
    # first token: every query (the constant 1) scores the "first position" flag of the key.
    W_Qh, W_Kh = np.zeros((width, D_HEAD)), np.zeros((width, D_HEAD))
    W_Qh[ONE, 0], W_Kh[FIRST, 0] = 12.0, 1.0
    factors.append((W_Qh, W_Kh))
    # same token: token codes against token codes (1 for the same token, 0 or -1 otherwise).
    W_Qh, W_Kh = np.zeros((width, D_HEAD)), np.zeros((width, D_HEAD))
    W_Qh[TOKEN_DIMS], W_Kh[TOKEN_DIMS] = 12.0 * np.eye(4), np.eye(4)
    factors.append((W_Qh, W_Kh))
    # uniform: no scores at all, so every allowed key gets the same weight.
    factors.append((np.zeros((width, D_HEAD)), np.zeros((width, D_HEAD))))
    return factors


def _causal(n=N):
    return np.tril(np.ones((n, n), dtype=bool))


def _named_patterns():
    patterns = []
    for W_Qh, W_Kh in _named_factors():
        scores = (EMBEDDED @ W_Qh) @ (EMBEDDED @ W_Kh).T / np.sqrt(D_HEAD)
        patterns.append(_softmax(np.where(_causal(), scores, -np.inf)))
    return patterns


@value
def named_heads_text():
    return ", ".join(NAMED)


@value
def sentence():
    return " ".join(TOKENS)


@value
def named_ranks():
    return ", ".join(str(int(np.linalg.matrix_rank(W_Qh @ W_Kh.T))) for W_Qh, W_Kh in _named_factors())


@value
def named_entropies():
    return ", ".join(f"{_entropy_share(p, _causal()):.2f}" for p in _named_patterns())


@value
def previous_token_weight():
    p = _named_patterns()[0]
    return f"{min(p[i, i - 1] for i in range(1, N)):.3f}"


@value
def first_token_weight():
    p = _named_patterns()[1]
    return f"{p[1:, 0].min():.3f}"


@value
def second_the_weights():
    p = _named_patterns()[2]
    i = max(i for i, t in enumerate(TOKENS) if t == "the")
    j = TOKENS.index("the")
    return f"{p[i, j]:.3f} and {p[i, i]:.3f}"


@figure
def head_patterns():
    patterns = _named_patterns()
    arrays = {f"head:{h}": p for h, p in enumerate(patterns)}
    arrays.update({f"mask:{h}": _causal() for h in range(len(patterns))})
    return Figure("heads", f"Four constructed heads on \"{' '.join(TOKENS)}\" (causal; rows: queries)",
                  arrays, {"titles": list(NAMED)})


# -- eigenvalues of a low-rank product: copying heads --------------------------------------------

VOCAB, D_RESID, D_OV = 5000, 64, 8
_erng = np.random.default_rng(55)
W_E = _erng.standard_normal((VOCAB, D_RESID)) / np.sqrt(D_RESID)  # token embeddings (rows)
W_U = W_E.T  # tied unembedding: logits = x @ W_E.T


def _ov_heads():
    W_Vh = _erng.standard_normal((D_RESID, D_OV)) / np.sqrt(D_RESID)
    random_O = _erng.standard_normal((D_OV, D_RESID)) / np.sqrt(D_OV)
    return {"copying": (W_Vh, W_Vh.T), "anti-copying": (W_Vh, -W_Vh.T), "random": (W_Vh, random_O)}


_OV_HEADS = _ov_heads()


def _factored_eigvals(A, B):
    w = np.linalg.eigvals(B @ A)
    return w[np.argsort(-np.abs(w), kind="stable")]


def _copying_score(w):
    total = np.abs(w).sum()
    return float(np.real(w).sum() / total) if total > 0 else 0.0


def _full_ov_factors(name):
    W_Vh, W_Oh = _OV_HEADS[name]
    return W_E @ W_Vh, W_Oh @ W_U  # (VOCAB, D_OV) and (D_OV, VOCAB)


@value
def vocab():
    return VOCAB


@value
def full_ov_entries():
    return VOCAB * VOCAB


@value
def full_ov_megabytes():
    return f"{VOCAB * VOCAB * 8 / 1e6:.0f}"


@value
def d_ov():
    return D_OV


@value
def copying_scores():
    return ", ".join(f"{name} {_copying_score(_factored_eigvals(*_full_ov_factors(name))):.3f}" for name in _OV_HEADS)


@value
def random_head_eigvals():
    w = _factored_eigvals(*_full_ov_factors("random"))
    return ", ".join(f"{v.real:.2f}{v.imag:+.2f}i" if abs(v.imag) > 1e-12 else f"{v.real:.2f}" for v in w)


def _small_check():
    rng = np.random.default_rng(56)
    A, B = rng.standard_normal((200, 3)), rng.standard_normal((3, 200))
    big = np.linalg.eigvals(A @ B)
    big = big[np.argsort(-np.abs(big), kind="stable")]
    return big, _factored_eigvals(A, B)


@value
def small_eig_agreement():
    big, small = _small_check()
    return f"{np.abs(np.sort_complex(big[:3]) - np.sort_complex(small)).max():.1e}"


@value
def small_eig_rest():
    big, _ = _small_check()
    return f"{np.abs(big[3:]).max():.1e}"


@formula
def eig_swap():
    v, lam = sp.Symbol("v", commutative=False), sp.Symbol("λ")
    A, B = sp.Symbol("A", commutative=False), sp.Symbol("B", commutative=False)
    return sp.Eq(A * B * (A * v), lam * (A * v), evaluate=False)


@formula
def copying_score_formula():
    i, r = sp.symbols("i r", integer=True, positive=True)
    lam = sp.Symbol("λᵢ")
    return sp.Eq(sp.Symbol("copying score"), sp.Sum(sp.Symbol("Re λᵢ"), (i, 1, r)) / sp.Sum(sp.Abs(lam), (i, 1, r)),
                 evaluate=False)


# -- formulas and figures of the first part --------------------------------------------------------

@formula
def qk_circuit():
    return sp.Eq(sp.Symbol("W_QK[h]", commutative=False),
                 sp.Symbol("W_Q[h]", commutative=False) * sp.Symbol("W_K[h]ᵀ", commutative=False), evaluate=False)


@formula
def ov_circuit():
    return sp.Eq(sp.Symbol("W_OV[h]", commutative=False),
                 sp.Symbol("W_V[h]", commutative=False) * sp.Symbol("W_O[h]", commutative=False), evaluate=False)


@formula
def score():
    return sp.Eq(sp.Symbol("score_h(i, j)"),
                 sp.Symbol("x_i", commutative=False) * sp.Symbol("W_QK[h]", commutative=False)
                 * sp.Symbol("x_jᵀ", commutative=False) / sp.sqrt(sp.Symbol("d_head")), evaluate=False)


@formula
def factored():
    Q = lambda name: sp.Symbol(name, commutative=False)  # noqa: E731
    return sp.Eq(Q("A") * Q("B"), Q("Q_A") * Q("R_A") * Q("R_Bᵀ") * Q("Q_Bᵀ"), evaluate=False)


@figure
def head_spectra():
    return Figure.row([Figure.spectrum(np.linalg.svd(_qk(h), compute_uv=False), f"W_QK of head {h}", k=D_HEAD)
                       for h in range(HEADS)],
                      f"Singular values of each head's {D_MODEL} x {D_MODEL} W_QK: at most {D_HEAD} are nonzero")
