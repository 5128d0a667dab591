"""Computed values, formulas and figures for lessons/03-als.md.

Every number is measured here with the trusted reference algorithms of `tutor.reference.factorize`
on synthetic ratings from `tutor.data` (a planted mean, user and item biases and three traits,
so the truth is known). When the learner has fetched MovieLens (`latent-tutor data fetch
movielens`), the last section measures the same methods on the real ratings.
"""

import json
import os
from functools import cache
from itertools import pairwise

import numpy as np
import sympy as sp

from tutor.data import movielens, split_ratings, synthetic_ratings
from tutor.lessonkit import Figure, figure, formula, value
from tutor.reference import factorize as fz

USERS, ITEMS, TRAITS, DENSITY, NOISE, BIAS, SEED = 200, 150, 3, 0.1, 0.5, 0.7, 3
LAM, ROUNDS, KS = 2.0, 20, tuple(range(1, 13))
LAMS = (1.0, 2.0, 5.0, 10.0)
BASELINE_LAMS = (1.0, 2.0, 5.0, 10.0, 20.0)
COMPARE_KS = tuple(range(1, 9))
ML_K, ML_ROUNDS, ML_BASELINE_LAM, ML_PLAIN_LAM, ML_BIASED_LAM = 10, 15, 5.0, 10.0, 10.0


@cache
def _data():
    R, mask = synthetic_ratings(USERS, ITEMS, TRAITS + 1, DENSITY, NOISE, seed=SEED, bias=BIAS)
    train, test = split_ratings(mask, holdout=0.2, seed=SEED)
    return R, mask, train, test


def _plain(R, train, k, lam, rounds=ROUNDS):
    U, V = fz.als_plain(R, train, k, lam, rounds, seed=0)
    return U @ V.T


def _biased(R, train, k, lam, rounds=ROUNDS):
    mu, b_user, b_item, U, V = fz.biased_als(R, train, k, lam=lam, iters=rounds, seed=0)
    return mu + b_user[:, None] + b_item[None, :] + U @ V.T


def _baseline(R, train, lam):
    mu, b_user, b_item = fz.baseline_fit(R, train, lam)
    return mu + b_user[:, None] + b_item[None, :]


@cache
def _curve(lam):
    """(train RMSE, held-out RMSE) of plain ALS for every k in KS."""
    R, _, train, test = _data()
    rows = []
    for k in KS:
        predicted = _plain(R, train, k, lam)
        rows.append((fz.rmse_on(R, train, predicted), fz.rmse_on(R, test, predicted)))
    return np.array(rows)


@cache
def _compare():
    """Held-out RMSE of each method over COMPARE_KS (best lam of LAMS[:3] for each k)."""
    R, _, train, test = _data()
    mu = float(R[train].mean())
    centred = np.where(train, R - mu, 0.0)
    lams = LAMS[:3]
    series = {
        "plain ALS": [min(_curve(lam)[k - 1, 1] for lam in lams) for k in COMPARE_KS],
        "centred ALS": [min(fz.rmse_on(R, test, mu + _plain(centred, train, k, lam)) for lam in lams)
                        for k in COMPARE_KS],
        "biased ALS": [min(fz.rmse_on(R, test, _biased(R, train, k, lam)) for lam in lams) for k in COMPARE_KS],
        "fill + SVD": [fz.rmse_on(R, test, fz.impute_svd_fit(R, train, k)) for k in COMPARE_KS],
    }
    return {name: np.array(values) for name, values in series.items()}


def _best(name):
    values = _compare()[name]
    at = int(np.argmin(values))
    return float(values[at]), COMPARE_KS[at]


@cache
def _baselines():
    R, _, train, test = _data()
    mu = float(R[train].mean())
    by_lam = {lam: fz.rmse_on(R, test, _baseline(R, train, lam)) for lam in BASELINE_LAMS}
    best_lam = min(by_lam, key=by_lam.get)
    return {"global mean": fz.rmse_on(R, test, np.full(R.shape, mu)),
            "item means": fz.rmse_on(R, test, fz.item_mean_fill(R, train)),
            "baseline": by_lam[best_lam], "baseline lam": best_lam,
            "unregularized baseline": fz.rmse_on(R, test, _baseline(R, train, 1e-6))}


def _slope(predicted):
    """How much of the true deviation from the item mean a predictor recovers on held-out
    ratings: the least-squares slope of predicted deviation on true deviation."""
    R, _, train, test = _data()
    means = fz.item_mean_fill(R, train)
    truth, guess = (R - means)[test], (predicted - means)[test]
    return float(np.dot(truth, guess) / np.dot(truth, truth))


# -- the data --------------------------------------------------------------------------------

@value
def shape():
    return f"{USERS} x {ITEMS}"


@value
def observed():
    return int(_data()[1].sum())


@value
def observed_share():
    return f"{100 * _data()[1].mean():.1f}%"


@value
def per_user():
    return f"{_data()[1].sum(axis=1).mean():.0f}"


@value
def train_per_user():
    return f"{_data()[2].sum(axis=1).mean():.0f}"


@value
def held_out():
    return int(_data()[3].sum())


@value
def traits():
    return TRAITS


@value
def noise():
    return NOISE


@value
def bias():
    return BIAS


@value
def planted_rank():
    R, _ = synthetic_ratings(USERS, ITEMS, TRAITS + 1, 1.0, 0.0, seed=SEED, bias=BIAS)
    s = np.linalg.svd(R, compute_uv=False)
    return int(np.sum(s > s[0] * 1e-10))


@value
def data_note():
    if movielens.is_present():
        return ("You have fetched MovieLens: the last section of this lesson measures the same methods on "
                "its real ratings.")
    return (f"The last section compares the methods on real ratings, MovieLens latest-small "
            f"({movielens.LATEST_SMALL.ratings:,} ratings), once you fetch it with `latent-tutor data fetch "
            "movielens` (about 1 MB; its licence does not allow the tutor to ship it).")


# -- half-steps and convergence ------------------------------------------------------------------

@value
def lam():
    return LAM


@value
def rounds():
    return ROUNDS


@cache
def _trace():
    R, _, train, _ = _data()
    return fz.als_plain(R, train, TRAITS + 2, LAM, ROUNDS, seed=0, trace=True)[2]


@value
def trace_k():
    return TRAITS + 2


@value
def objective_trace():
    return ", ".join(f"{v:,.0f}" for v in _trace()[:8])


@value
def trace_end():
    return f"{_trace()[-1]:,.0f}"


@value
def zero_objective():
    R, _, train, _ = _data()
    history = fz.als_plain(R, train, TRAITS + 2, LAM, ROUNDS, start=np.zeros((ITEMS, TRAITS + 2)), trace=True)[2]
    assert max(history) == min(history) == float(np.sum(R[train] ** 2))  # it never moves
    return f"{history[-1]:,.0f}"


# -- choosing k and lambda ----------------------------------------------------------------------

def _argmin_k(lam_):
    return int(KS[int(np.argmin(_curve(lam_)[:, 1]))])


@value
def best_k():
    return _argmin_k(LAM)


@value
def best_held_out():
    return float(_curve(LAM)[:, 1].min())


@value
def largest_k():
    return KS[-1]


@value
def k1_train():
    return float(_curve(LAM)[0, 0])


@value
def k1_held_out():
    return float(_curve(LAM)[0, 1])


@value
def largest_k_train():
    return float(_curve(LAM)[-1, 0])


@value
def largest_k_held_out():
    return float(_curve(LAM)[-1, 1])


@value
def train_always_falls():
    train = _curve(LAM)[:, 0]
    return "falls at every step" if np.all(np.diff(train) < 0) else "mostly falls, though not at every step"


def _low_and_rise(lam_):
    curve = _curve(lam_)[:, 1]
    return float(curve.min()), _argmin_k(lam_), float(curve[-1] - curve.min())


@value
def lambda_summary():
    lows = {lam_: _low_and_rise(lam_) for lam_ in LAMS}
    weak, *rest = LAMS
    # The claims the text makes about these curves, checked on the numbers it shows.
    assert lows[weak][0] > lows[LAM][0], "the weakest penalty should overfit"
    assert all(lows[a][2] > lows[b][2] for a, b in pairwise(rest)), "larger penalties should flatten the rise"
    assert all(lows[a][0] < lows[b][0] for a, b in pairwise(rest)), "larger penalties should lift the minimum"
    lines = [f"| λ | lowest held-out RMSE | at k | then a rise up to k = {KS[-1]} of |", "|---|---|---|---|"]
    lines += [f"| {lam_:g} | {low:.3f} | {k} | {rise:.3f} |" for lam_, (low, k, rise) in lows.items()]
    return "\n".join(lines)


@value
def weak_lam():
    return LAMS[0]


@value
def lam_rise():
    _, k, rise = _low_and_rise(LAM)
    assert KS[0] < k < KS[-1], "the held-out curve should fall, then rise"
    return f"{rise:.3f}"


@value
def strong_lam():
    return LAMS[-1]


@value
def strong_flat_from():
    curve = _curve(LAMS[-1])[:, 1]
    flat = np.flatnonzero(np.abs(curve - curve[-1]) < 5e-4)
    return int(KS[flat[0]])


@cache
def _strong_fit_spectrum():
    R, _, train, _ = _data()
    U, V = fz.als_plain(R, train, KS[-1], LAMS[-1], ROUNDS, seed=0)
    return np.linalg.svd(U @ V.T, compute_uv=False)[: KS[-1]]


def _strong_split():
    s = _strong_fit_spectrum()
    kept = int(np.sum(s > 0.01 * s[0]))
    return kept, float(s[kept])


@value
def strong_rank():
    return _strong_split()[0]


@value
def strong_rest():
    return f"{_strong_split()[1]:.2g}"


# -- baselines ------------------------------------------------------------------------------------

@value
def global_mean_rmse():
    return _baselines()["global mean"]


@value
def item_means_rmse():
    return _baselines()["item means"]


@value
def baseline_rmse():
    return _baselines()["baseline"]


@value
def baseline_lam():
    return _baselines()["baseline lam"]


@value
def unregularized_baseline_rmse():
    return _baselines()["unregularized baseline"]


@value
def baseline_params():
    return USERS + ITEMS + 1


@value
def plain_k1():
    plain, base = float(_curve(LAM)[0, 1]), _baselines()["baseline"]
    assert plain > base, "one factor should not beat the baseline"
    return plain


# -- biased ALS and imputation --------------------------------------------------------------------

@value
def comparison_table():
    rows = [(f"the baseline (λ = {_baselines()['baseline lam']:g})", _baselines()["baseline"], "")]
    for name in ("plain ALS", "centred ALS", "biased ALS", "fill + SVD"):
        rmse, k = _best(name)
        rows.append((f"{name}, best k = {k}", rmse, ""))
    lines = ["| predictor | held-out RMSE |", "|---|---|"]
    lines += [f"| {name} | {rmse:.3f} |" for name, rmse, _ in rows]
    return "\n".join(lines)


@value
def best_biased():
    rmse, k = _best("biased ALS")
    assert k == TRAITS, "biased ALS should need as many factors as there are planted traits"
    assert all(rmse < _best(other)[0] for other in ("plain ALS", "centred ALS", "fill + SVD")), "biased ALS should win"
    base = _baselines()
    assert base["global mean"] > base["item means"] > base["baseline"], "the baselines should improve in this order"
    return f"{rmse:.3f} at k = {k}"


@value
def best_plain():
    rmse, k = _best("plain ALS")
    return f"{rmse:.3f} at k = {k}"


@value
def best_centred():
    rmse, k = _best("centred ALS")
    return f"{rmse:.3f} at k = {k}"


@value
def best_impute():
    rmse, k = _best("fill + SVD")
    return f"{rmse:.3f} at k = {k}"


@cache
def _biased_check():
    """The biased ALS objective after every half-step, and whether it ever rose."""
    R, _, train, _ = _data()
    history = fz.biased_als(R, train, TRAITS, lam=LAM, iters=ROUNDS, seed=0, trace=True)[-1]
    return history, bool(np.all(np.diff(history) <= 1e-9 * np.abs(history[:-1])))


@value
def biased_trace():
    history, _ = _biased_check()
    return ", ".join(f"{v:,.0f}" for v in history[:6])


@value
def biased_never_rises():
    history, monotone = _biased_check()
    assert monotone, "the biased ALS objective rose"
    return f"{len(history)} half-steps"


@value
def impute_share():
    _, _, train, _ = _data()
    return f"{100 * (1 - train.mean()):.0f}%"


@value
def impute_slope():
    _, k = _best("fill + SVD")
    R, _, train, _ = _data()
    return f"{_slope(fz.impute_svd_fit(R, train, k)):.2f}"


@value
def biased_slope():
    R, _, train, test = _data()
    _, k = _best("biased ALS")
    lam_ = min(LAMS[:3], key=lambda lam: fz.rmse_on(R, test, _biased(R, train, k, lam)))
    slope = _slope(_biased(R, train, k, lam_))
    assert slope > float(impute_slope()), "imputation should shrink more than biased ALS"
    return f"{slope:.2f}"


# -- real ratings -------------------------------------------------------------------------------

FIGURES_VERSION = 1
"""Bump when the MovieLens figures are computed differently, so that a cached copy is redone."""


def _movielens_figures():
    ratings = movielens.load()
    train, test = movielens.split(ratings, seed=0)
    R = ratings.R
    mu = float(R[train].mean())
    centred = np.where(train, R - mu, 0.0)
    return {
        "users": ratings.R.shape[0], "items": ratings.R.shape[1], "ratings": int(ratings.mask.sum()),
        "the global mean": fz.rmse_on(R, test, np.full(R.shape, mu)),
        f"baseline (λ = {ML_BASELINE_LAM:g})": fz.rmse_on(R, test, _baseline(R, train, ML_BASELINE_LAM)),
        f"plain ALS on centred ratings (k = {ML_K}, λ = {ML_PLAIN_LAM:g})":
            fz.rmse_on(R, test, mu + _plain(centred, train, ML_K, ML_PLAIN_LAM, ML_ROUNDS)),
        f"biased ALS (k = {ML_K}, λ = {ML_BIASED_LAM:g})":
            fz.rmse_on(R, test, _biased(R, train, ML_K, ML_BIASED_LAM, ML_ROUNDS)),
        f"fill + SVD (k = {ML_K})": fz.rmse_on(R, test, fz.impute_svd_fit(R, train, ML_K)),
    }


@cache
def _movielens():
    """The figures on the kept MovieLens copy: a few seconds to compute, so they are kept beside
    it (redone when the copy or FIGURES_VERSION changes)."""
    path = movielens.ratings_path()
    stat = path.stat()
    key = f"{FIGURES_VERSION}:{stat.st_size}:{stat.st_mtime_ns}"
    saved = path.with_name("als-lesson-figures.json")
    try:
        cached = json.loads(saved.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return cached["figures"]
    except (OSError, ValueError, AttributeError):
        pass
    figures = _movielens_figures()
    try:
        temp = saved.with_name(saved.name + ".part")
        temp.write_text(json.dumps({"key": key, "figures": figures}), encoding="utf-8")
        os.replace(temp, saved)
    except OSError:
        pass  # a read-only data folder: compute again next time
    return figures


@value
def movielens_section():
    if not movielens.is_present():
        return ("Your machine has no copy yet. Run `latent-tutor data fetch movielens` (it downloads about "
                "1 MB from GroupLens and checks it), or, offline, `latent-tutor data fetch movielens --from "
                "ml-latest-small.zip` with a copy you downloaded elsewhere; then open this lesson again. "
                "`latent-tutor data list` says what is kept. Until then everything above runs on the "
                "synthetic ratings.")
    figures = _movielens()
    lines = [f"Your copy holds {figures['ratings']:,} ratings by {figures['users']:,} users of "
             f"{figures['items']:,} movies: {100 * figures['ratings'] / (figures['users'] * figures['items']):.1f}% "
             f"of the matrix. With a random 80/20 split (seed 0) and {ML_ROUNDS} rounds, measured on it:", "",
             "| predictor | test RMSE |", "|---|---|"]
    lines += [f"| {name} | {rmse:.3f} |" for name, rmse in figures.items() if isinstance(rmse, float)]
    return "\n".join(lines)


# -- formulas -----------------------------------------------------------------------------------

@formula
def objective():
    i, j, m, n = sp.symbols("i j m n", integer=True, positive=True)
    fit = sp.Symbol("M_ij") * (sp.Symbol("R_ij") - sp.Symbol("u_i·v_j")) ** 2
    penalty = sp.Symbol("lambda") * (sp.Symbol("‖U‖_F") ** 2 + sp.Symbol("‖V‖_F") ** 2)
    return sp.Eq(sp.Symbol("J"), sp.Add(sp.Sum(fit, (j, 1, n), (i, 1, m)), penalty, evaluate=False), evaluate=False)


@formula
def half_step():
    F, r, lam_ = sp.Symbol("F_i", commutative=False), sp.Symbol("r_i", commutative=False), sp.Symbol("lambda")
    I = sp.Symbol("I", commutative=False)  # noqa: E741 (the identity matrix, named as in the formula)
    return sp.Eq(sp.Symbol("u_i", commutative=False),
                 (sp.Symbol("F_iᵀ", commutative=False) * F + lam_ * I) ** -1 * sp.Symbol("F_iᵀ", commutative=False) * r,
                 evaluate=False)


@formula
def nuclear():
    return sp.Eq(sp.Symbol("min over U Vᵀ = X of (‖U‖² + ‖V‖²)"),
                 2 * sp.Symbol("‖X‖_*"), evaluate=False)


@formula
def baseline_objective():
    i, j, m, n = sp.symbols("i j m n", integer=True, positive=True)
    b, c = sp.Symbol("b_i"), sp.Symbol("c_j")
    fit = sp.Symbol("M_ij") * (sp.Symbol("R_ij") - sp.Symbol("mu") - b - c) ** 2
    penalty = sp.Symbol("lambda") * (sp.Symbol("‖b‖") ** 2 + sp.Symbol("‖c‖") ** 2)
    return sp.Add(sp.Sum(fit, (j, 1, n), (i, 1, m)), penalty, evaluate=False)


@formula
def bias_update():
    numerator = sp.Symbol("sum over j rated by i of (R_ij - mu - c_j)")
    return sp.Eq(sp.Symbol("b_i"), numerator / (sp.Symbol("n_i") + sp.Symbol("lambda")), evaluate=False)


@formula
def biased_model():
    return sp.Eq(sp.Symbol("R_ij"), sp.Add(sp.Symbol("mu"), sp.Symbol("b_i"), sp.Symbol("c_j"),
                                            sp.Symbol("u_i·v_j"), evaluate=False), evaluate=False)


# -- figures ----------------------------------------------------------------------------------------

@figure
def mask_picture():
    _, mask, _, _ = _data()
    return Figure.heatmap(mask[:40, :60].astype(float),
                          "Observed ratings of the first 40 users and 60 items (1 = rated)", cmap="sequential")


@figure
def rmse_curve():
    curve = _curve(LAM)
    return Figure.line(KS, {"train": curve[:, 0], "held-out": curve[:, 1]},
                       f"RMSE versus the number of factors k (λ = {LAM:g}, {ROUNDS} rounds)", xlabel="k", ylabel="RMSE")


@figure
def lambda_curves():
    return Figure.line(KS, {f"λ = {lam_:g}": _curve(lam_)[:, 1] for lam_ in LAMS},
                       "Held-out RMSE versus k for four penalties", xlabel="k", ylabel="RMSE")


@figure
def strong_spectrum():
    s = _strong_fit_spectrum()
    return Figure.spectrum(s, f"Singular values of U Vᵀ fitted with k = {KS[-1]}, λ = {LAMS[-1]:g} (log scale)",
                           k=strong_rank(), log=True)


@figure
def compare_curves():
    series = _compare()
    return Figure.line(COMPARE_KS, dict(series), "Held-out RMSE versus k, each at its best λ",
                       xlabel="k", ylabel="RMSE")


@figure
def impute_picture():
    R, _, train, _ = _data()
    means = fz.item_mean_fill(R, train)
    rows, cols = slice(0, 16), slice(0, 24)
    k_impute, k_biased = _best("fill + SVD")[1], _best("biased ALS")[1]
    truth, _ = synthetic_ratings(USERS, ITEMS, TRAITS + 1, 1.0, 0.0, seed=SEED, bias=BIAS)
    panels = [("the truth", truth), (f"fill + SVD, k = {k_impute}", fz.impute_svd_fit(R, train, k_impute)),
              (f"biased ALS, k = {k_biased}", _biased(R, train, k_biased, LAM))]
    parts = [(name, (p - means)[rows, cols]) for name, p in panels]
    scale = max(float(np.abs(part).max()) for _, part in parts)
    return Figure.row([Figure.heatmap(part, name, vmin=-scale, vmax=scale) for name, part in parts],
                      "Minus the item means, first 16 users x 24 items, one colour scale")
