"""Computed values, formulas and figures for lessons/02-svd.md.

The photograph is data/camera.npy at the pack's root (CC0, by Lav Varshney; see data/README.md),
found from this file's own path so that it works from a checkout and from an installed wheel. A
student copy made by `pack release` leaves data/ out; it then uses the installed built-in pack's
copy.
"""

from functools import cache
from pathlib import Path

import numpy as np
import sympy as sp

from tutor.lessonkit import Figure, figure, formula, value

PHOTO_PATH = Path(__file__).resolve().parent.parent / "data" / "camera.npy"


def _photo_path():
    if PHOTO_PATH.exists():
        return PHOTO_PATH
    from tutor.core.packs import builtin_root

    return builtin_root() / "data" / "camera.npy"

_rng = np.random.default_rng(2)
# A 12 x 10 matrix: three strong directions (SIGNAL) plus i.i.d. noise of standard deviation SIGMA.
SIGNAL = _rng.standard_normal((12, 3)) @ np.diag([6.0, 4.0, 2.5]) @ _rng.standard_normal((3, 10)) / 3
SIGMA = 0.3
NOISE = SIGMA * _rng.standard_normal((12, 10))
A = SIGNAL + NOISE
U, S, VT = np.linalg.svd(A, full_matrices=False)
K = 3

# The photograph: compression at these ranks, and denoising with noise of this standard deviation.
PHOTO_RANKS = (5, 20, 50)
#: The rank whose storage is counted in bytes.
BYTES_RANK = 20
PHOTO_SIGMA = 30.0
PHOTO_NOISE_SEED = 0
#: The whole photograph is drawn averaged in BLOCK x BLOCK squares (512 / 16 = 32 cells a side);
#: close-ups show CROP (the head and the camera) averaged in CROP_BLOCK squares, so that
#: compression artefacts and noise stay visible.
BLOCK = 16
CROP = (slice(64, 192), slice(192, 320))
CROP_BLOCK = 4
#: Thresholds tried for hard and soft thresholding, as multiples of the noise edge.
THRESHOLD_STEPS = np.round(np.arange(0.2, 2.01, 0.1), 2)


def _truncate(k):
    return (U[:, :k] * S[:k]) @ VT[:k]


def _pct(x, digits=1):
    return f"{100 * x:.{digits}f}%"


def _edge(m, n, sigma):
    return sigma * (np.sqrt(m) + np.sqrt(n))


# -- the photograph --------------------------------------------------------------------------

@cache
def photo():
    """The photograph as float64 (0 = black, 255 = white)."""
    path = _photo_path()
    if not path.exists():
        raise FileNotFoundError(f"the photograph {PHOTO_PATH} is missing from this copy of the pack "
                                "(data/camera.npy; see data/README.md)")
    return np.load(path, allow_pickle=False).astype(np.float64)


@cache
def _photo_svd():
    return np.linalg.svd(photo(), full_matrices=False)


def _photo_rank(k):
    Up, sp_, Vtp = _photo_svd()
    return (Up[:, :k] * sp_[:k]) @ Vtp[:k]


def _photo_rel_error(k):
    s = _photo_svd()[1]
    return float(np.sqrt(np.sum(s[k:] ** 2) / np.sum(s ** 2)))


def _photo_energy(k):
    s = _photo_svd()[1]
    return float(np.sum(s[:k] ** 2) / np.sum(s ** 2))


def _stored_fraction(k):
    m, n = photo().shape
    return k * (m + n + 1) / (m * n)


@cache
def _noisy_photo():
    rng = np.random.default_rng(PHOTO_NOISE_SEED)
    return photo() + PHOTO_SIGMA * rng.standard_normal(photo().shape)


@cache
def _noisy_svd():
    """The SVD of the noisy photograph, and d_i = u_i^T P v_i against the clean photo P.

    With d, the error of any U f(s) V^T against P is sqrt(sum f^2 - 2 sum f d + ||P||^2),
    so a whole sweep of thresholds costs no further matrix products.
    """
    Un, sn, Vtn = np.linalg.svd(_noisy_photo(), full_matrices=False)
    d = np.einsum("ij,ij->j", Un, photo() @ Vtn.T)
    return Un, sn, Vtn, d


def _photo_edge():
    m, n = photo().shape
    return _edge(m, n, PHOTO_SIGMA)


def _filtered_error(f):
    """||U diag(f) V^T - P||_F / ||P||_F for new singular values f of the noisy photo."""
    d = _noisy_svd()[3]
    clean = float(np.sum(photo() ** 2))
    return float(np.sqrt(max(np.sum(f ** 2) - 2 * np.sum(f * d) + clean, 0.0) / clean))


def _hard(lam):
    s = _noisy_svd()[1]
    return np.where(s > lam, s, 0.0)


def _soft(lam):
    return np.maximum(_noisy_svd()[1] - lam, 0.0)


def _rebuild(f):
    Un, _, Vtn, _ = _noisy_svd()
    return (Un * f) @ Vtn


def _blocks(image, size):
    """An image averaged in size x size squares, for drawing in a terminal."""
    m, n = image.shape
    return image.reshape(m // size, size, n // size, size).mean(axis=(1, 3))


def _photo_panel(image, title, crop=True):
    shown = _blocks(image[CROP], CROP_BLOCK) if crop else _blocks(image, BLOCK)
    return Figure.heatmap(shown, title, cmap="sequential", vmin=0.0, vmax=255.0)


def _grid(panels, title):
    """Panels two by two (a row of rows), so four of them fit 80 columns."""
    pairs = [Figure.row(panels[i:i + 2]) for i in range(0, len(panels), 2)]
    return Figure.row(pairs, title)


@cache
def _sweep():
    edge = _photo_edge()
    hard = [_filtered_error(_hard(c * edge)) for c in THRESHOLD_STEPS]
    soft = [_filtered_error(_soft(c * edge)) for c in THRESHOLD_STEPS]
    return np.array(hard), np.array(soft)


# -- the worked example ----------------------------------------------------------------------

@value
def singular_values():
    return ", ".join(f"{v:.3g}" for v in S)


@value
def error_direct():
    return f"{np.linalg.norm(A - _truncate(K)):.6f}"


@value
def error_from_s():
    return f"{np.sqrt(np.sum(S[K:] ** 2)):.6f}"


@value
def spectral_error():
    return f"{np.linalg.norm(A - _truncate(K), 2):.6f}"


@value
def next_singular_value():
    return f"{S[K]:.6f}"


@value
def energy_kept():
    return _pct(np.sum(S[:K] ** 2) / np.sum(S ** 2))


@value
def energy_first():
    return _pct(S[0] ** 2 / np.sum(S ** 2))


@value
def values_kept():
    return f"{100 * K * (A.shape[0] + A.shape[1] + 1) / A.size:.0f}%"


@value
def rank_one_error():
    return f"{np.linalg.norm(A - _truncate(1)):.3g}"


@value
def largest_entry():
    return f"{np.abs(A).max():.3g}"


@value
def largest_residual():
    return f"{np.abs(A - _truncate(K)).max():.3g}"


# -- measured against the clean signal -------------------------------------------------------

@value
def sigma():
    return SIGMA


@value
def noise_error():
    return f"{np.linalg.norm(A - SIGNAL):.3f}"


@value
def signal_error_k():
    return f"{np.linalg.norm(_truncate(K) - SIGNAL):.3f}"


@value
def signal_error_next():
    return f"{np.linalg.norm(_truncate(K + 1) - SIGNAL):.3f}"


@value
def signal_best_k():
    return int(np.argmin([np.linalg.norm(_truncate(k) - SIGNAL) for k in range(min(A.shape) + 1)]))


@value
def small_edge():
    return f"{_edge(*A.shape, SIGMA):.3f}"


@value
def small_noise_largest():
    return f"{np.linalg.svd(NOISE, compute_uv=False)[0]:.3f}"


@value
def small_above_edge():
    return int(np.sum(S > _edge(*A.shape, SIGMA)))  # noqa: SIM300 (S holds the singular values)


# -- compressing a photograph ----------------------------------------------------------------

@value
def photo_shape():
    m, n = photo().shape
    return f"{m} x {n}"


@value
def photo_pixels():
    return int(photo().size)


def _rank_for(level):
    s = _photo_svd()[1]
    captured = np.cumsum(s ** 2)
    return int(np.searchsorted(captured, level * captured[-1])) + 1


@value
def photo_k90():
    return _rank_for(0.90)


@value
def photo_k95():
    return _rank_for(0.95)


@value
def photo_k99():
    return _rank_for(0.99)


@value
def photo_error_k95():
    return _pct(_photo_rel_error(_rank_for(0.95)))


@value
def photo_error_k99():
    return _pct(_photo_rel_error(_rank_for(0.99)))


@value
def photo_mean_share():
    P = photo()
    return _pct(P.mean() ** 2 * P.size / np.sum(P ** 2), 0)


@value
def photo_compress_table():
    """A Markdown list: one line per rank."""
    rows = [f"- k = {k}: relative error {_pct(_photo_rel_error(k))}, energy {_pct(_photo_energy(k))}, "
            f"stored fraction {_stored_fraction(k):.3f}" for k in PHOTO_RANKS]
    return "\n".join(rows)


@value
def photo_ranks():
    return ", ".join(str(k) for k in PHOTO_RANKS)


@value
def stored_k20_numbers():
    m, n = photo().shape
    return BYTES_RANK * (m + n + 1)


@value
def stored_k20_bytes():
    return 8 * stored_k20_numbers()


@value
def stored_k20_bytes_share():
    return _pct(8 * stored_k20_numbers() / photo().size, 0)


@value
def break_even_rank():
    m, n = photo().shape
    return int(np.floor(m * n / (m + n + 1))) + 1


@value
def stored_break_even():
    return f"{_stored_fraction(break_even_rank()):.4f}"


@value
def stored_full():
    return f"{_stored_fraction(min(photo().shape)):.3f}"


@value
def block():
    return BLOCK


@value
def crop_rows():
    return f"{CROP[0].start} to {CROP[0].stop - 1}"


@value
def crop_cols():
    return f"{CROP[1].start} to {CROP[1].stop - 1}"


@value
def photo_full_rank():
    return min(photo().shape)


@value
def bytes_rank():
    return BYTES_RANK


# -- denoising -------------------------------------------------------------------------------

@value
def photo_sigma():
    return f"{PHOTO_SIGMA:g}"


@value
def photo_edge():
    return f"{_photo_edge():.1f}"


@value
def photo_noise_largest():
    rng = np.random.default_rng(PHOTO_NOISE_SEED)
    noise = PHOTO_SIGMA * rng.standard_normal(photo().shape)
    return f"{np.linalg.svd(noise, compute_uv=False)[0]:.1f}"


@value
def photo_kept():
    return int(np.sum(_noisy_svd()[1] > _photo_edge()))


@value
def photo_noisy_error():
    return _pct(np.linalg.norm(_noisy_photo() - photo()) / np.linalg.norm(photo()))


@value
def photo_denoised_error():
    return _pct(_filtered_error(_hard(_photo_edge())))


@value
def photo_denoised_error_direct():
    """The same error from the rebuilt picture (a check on the shortcut used for the sweep)."""
    return _pct(np.linalg.norm(_rebuild(_hard(_photo_edge())) - photo()) / np.linalg.norm(photo()))


@cache
def _rank_errors():
    """The error against the clean photo of keeping the first k triplets of the noisy one, every k."""
    s = _noisy_svd()[1]
    return np.array([_filtered_error(np.where(np.arange(s.size) < k, s, 0.0)) for k in range(s.size + 1)])


@value
def photo_best_rank():
    return int(np.argmin(_rank_errors()))


@value
def photo_best_rank_error():
    return _pct(_rank_errors().min())


@value
def photo_noise_removed():
    noisy = np.linalg.norm(_noisy_photo() - photo()) / np.linalg.norm(photo())
    return _pct(1 - _filtered_error(_hard(_photo_edge())) / noisy, 0)


# -- soft thresholding -----------------------------------------------------------------------

@value
def shrink_example():
    s = np.array([5.0, 3.0, 1.0])
    return ", ".join(f"{v:g}" for v in np.maximum(s - 2.0, 0.0))


@value
def photo_soft_error():
    return _pct(_filtered_error(_soft(_photo_edge())))


@value
def soft_best_factor():
    return f"{THRESHOLD_STEPS[int(np.argmin(_sweep()[1]))]:.1f}"


@value
def soft_best_error():
    return _pct(_sweep()[1].min())


@value
def soft_best_kept():
    lam = THRESHOLD_STEPS[int(np.argmin(_sweep()[1]))] * _photo_edge()
    return int(np.sum(_noisy_svd()[1] > lam))


@value
def hard_best_factor():
    return f"{THRESHOLD_STEPS[int(np.argmin(_sweep()[0]))]:.1f}"


@value
def hard_best_error():
    return _pct(_sweep()[0].min())


# -- formulas --------------------------------------------------------------------------------

def _terms():
    """s_i u_i v_i^T with the order of the (non-commuting) vectors kept."""
    return sp.Symbol("s_i") * sp.Symbol("u_i", commutative=False) * sp.Symbol("vᵢᵀ", commutative=False)


@formula
def decomposition():
    i, r = sp.symbols("i r", integer=True, positive=True)
    return sp.Eq(sp.Symbol("A"), sp.Sum(_terms(), (i, 1, r)), evaluate=False)


@formula
def truncation():
    i, k = sp.symbols("i k", integer=True, positive=True)
    return sp.Eq(sp.Symbol("A_k"), sp.Sum(_terms(), (i, 1, k)), evaluate=False)


@formula
def error():
    i, k, r = sp.symbols("i k r", integer=True, positive=True)
    return sp.Eq(sp.Symbol("‖A − Aₖ‖_F"), sp.sqrt(sp.Sum(sp.Symbol("s_i") ** 2, (i, k + 1, r))), evaluate=False)


@formula
def energy():
    i, k, r = sp.symbols("i k r", integer=True, positive=True)
    s2 = sp.Symbol("s_i") ** 2
    return sp.Eq(sp.Symbol("energy(k)"), sp.Sum(s2, (i, 1, k)) / sp.Sum(s2, (i, 1, r)), evaluate=False)


@formula
def relative_error():
    return sp.Eq(sp.Symbol("relative error"), sp.sqrt(1 - sp.Symbol("energy(k)")), evaluate=False)


@formula
def stored_fraction():
    m, n, k = sp.symbols("m n k", positive=True, integer=True)
    return sp.Eq(sp.Symbol("stored fraction"), k * (m + n + 1) / (m * n), evaluate=False)


@formula
def edge():
    s, m, n = sp.symbols("sigma m n", positive=True)
    return sp.Eq(sp.Symbol("edge"), s * (sp.sqrt(m) + sp.sqrt(n)))


@formula
def hard_objective():
    lam = sp.Symbol("lambda", positive=True)
    return sp.Symbol("‖X − A‖_F") ** 2 / 2 + lam ** 2 / 2 * sp.Function("rank")(sp.Symbol("X"))


@formula
def soft_objective():
    lam = sp.Symbol("lambda", positive=True)
    return sp.Add(sp.Symbol("‖X − A‖_F") ** 2 / 2, sp.Mul(lam, sp.Symbol("‖X‖_*"), evaluate=False), evaluate=False)


@formula
def nuclear_norm():
    i, r = sp.symbols("i r", integer=True, positive=True)
    return sp.Eq(sp.Symbol("‖X‖_*"), sp.Sum(sp.Symbol("s_i"), (i, 1, r)), evaluate=False)


@formula
def shrink():
    s, lam = sp.Symbol("s_i"), sp.Symbol("lambda", positive=True)
    return sp.Eq(sp.Symbol("new s_i"), sp.Function("max")(s - lam, 0), evaluate=False)


# -- figures ---------------------------------------------------------------------------------

@figure
def spectrum():
    ks = np.arange(1, S.size + 1)
    energy_pct = 100 * np.cumsum(S ** 2) / np.sum(S ** 2)
    curve = Figure.line(ks, {"energy of the first k": energy_pct, "90%": np.full(S.size, 90.0),
                             "95%": np.full(S.size, 95.0)}, "Cumulative energy (%)", xlabel="k", ylabel="%")
    return Figure.row([Figure.spectrum(S, "Singular values", k=K), curve],
                      "The spectrum of A (12 x 10) and the share of energy the first k values capture")


@figure
def reconstructions():
    top = float(np.abs(A).max())
    panels = [Figure.heatmap(A, "A", vmin=-top, vmax=top),
              Figure.heatmap(_truncate(1), "A_1", vmin=-top, vmax=top),
              Figure.heatmap(_truncate(K), f"A_{K}", vmin=-top, vmax=top),
              Figure.heatmap(A - _truncate(K), f"A - A_{K}", vmin=-top, vmax=top)]
    return _grid(panels,
                 f"A, its best approximations of rank 1 and {K}, and what A_{K} leaves out, on one colour scale")


@figure
def signal_errors():
    ks = np.arange(2, min(A.shape) + 1)
    errors = [np.linalg.norm(_truncate(k) - SIGNAL) for k in ks]
    return Figure.line(ks, {"||A_k - signal||": errors, "||A - signal||": np.full(ks.size, np.linalg.norm(A - SIGNAL))},
                       "Distance to the clean signal, k = 2 to 10", xlabel="k", ylabel="Frobenius norm")


@figure
def photo_whole():
    return Figure.row([_photo_panel(photo(), "camera.npy, 512 x 512", crop=False)],
                      f"The photograph, drawn averaged in {BLOCK} x {BLOCK} blocks")


@figure
def photo_compressed():
    panels = [_photo_panel(photo(), "the photograph")]
    panels += [_photo_panel(_photo_rank(k), f"k = {k}: error {_pct(_photo_rel_error(k))}") for k in PHOTO_RANKS]
    return _grid(panels,
                 f"Close-up of rank-k approximations of the whole photograph ({CROP_BLOCK} x {CROP_BLOCK} blocks)")


@figure
def photo_error_curve():
    ks = np.arange(1, 101)
    return Figure.line(ks, {"energy kept (%)": [100 * _photo_energy(k) for k in ks],
                            "relative error (%)": [100 * _photo_rel_error(k) for k in ks]},
                       "The photograph: energy kept and relative error against k", xlabel="k", ylabel="%")


@figure
def photo_denoised():
    panels = [_photo_panel(photo(), "clean"),
              _photo_panel(_noisy_photo(), f"noisy: error {photo_noisy_error()}"),
              _photo_panel(_rebuild(_hard(_photo_edge())), f"denoised: error {photo_denoised_error()}")]
    return _grid(panels, f"Close-up: the {photo_kept()} singular values above the noise edge kept "
                         f"({CROP_BLOCK} x {CROP_BLOCK} blocks)")


@figure
def photo_soft():
    soft_lam = float(soft_best_factor()) * _photo_edge()
    panels = [_photo_panel(_rebuild(_hard(_photo_edge())), f"hard at the edge: {photo_denoised_error()}"),
              _photo_panel(_rebuild(_soft(soft_lam)), f"soft at {soft_best_factor()} x edge: {soft_best_error()}")]
    return _grid(panels, "Close-up: hard and soft thresholding of the noisy photograph "
                         f"({CROP_BLOCK} x {CROP_BLOCK} blocks)")


@figure
def noisy_spectrum():
    return Figure.spectrum(_noisy_svd()[1], "Singular values of the noisy photograph (log scale)",
                           k=photo_kept(), log=True)


@figure
def threshold_sweep():
    hard, soft = _sweep()
    return Figure.line(THRESHOLD_STEPS, {"hard: keep s_i > lambda": 100 * hard, "soft: s_i - lambda": 100 * soft},
                       "Relative error against the clean photograph (%)", xlabel="lambda / noise edge", ylabel="%")
