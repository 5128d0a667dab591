"""Hidden checks for svd-energy."""

import numpy as np

from tutor.checks import check


def _spectrum(rng, n):
    return np.sort(rng.gamma(2.0, 2.0, size=n))[::-1]


@check("truncation_error(s, k) equals ||A - A_k||_F for every k", weight=3)
def matches_svd(ctx):
    A = ctx.rng.standard_normal((8, 6)) * 2
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    got = [ctx.learner.truncation_error(s, k) for k in range(7)]
    for k, value in enumerate(got):
        expected = np.linalg.norm(A - (U[:, :k] * s[:k]) @ Vt[:k])
        ctx.assert_scalar(value, expected, what=f"truncation_error(s, {k})", rtol=1e-9, atol=1e-12,
                          message=f"the error of the best rank-{k} approximation is sqrt(s[{k}]^2 + ... + s[5]^2), "
                                  "the square root of the sum of the dropped squared singular values")


@check("truncation_error raises ValueError unless 0 <= k <= len(s)")
def error_bad_k(ctx):
    s = _spectrum(ctx.rng, 4)
    ctx.assert_raises(ValueError, ctx.learner.truncation_error, s, 5)
    ctx.assert_raises(ValueError, ctx.learner.truncation_error, s, -1)


@check("rank_for_energy is the smallest k reaching the energy", weight=3)
def smallest_k(ctx):
    for n in (10, 30):
        s = _spectrum(ctx.rng, n)
        captured = np.cumsum(s**2)
        cumulative = captured / captured[-1]
        energies = [0.5, 0.8, 0.9, 0.95, 0.99]
        got = [ctx.learner.rank_for_energy(s, e) for e in energies]
        for e, value in zip(energies, got, strict=True):
            k = int(np.searchsorted(captured, e * captured[-1])) + 1
            ctx.assert_int(value, k, what=f"rank_for_energy(s of length {n}, {e})",
                           message=f"the first {k} squared singular values capture {cumulative[k - 1]:.4f} "
                                   f"of the total and the first {k - 1} only "
                                   f"{cumulative[k - 2] if k > 1 else 0:.4f}")


@check("energy is measured on the squares of the singular values")
def squares(ctx):
    s = np.array([4.0, 3.0, 2.0, 1.0])
    got = [ctx.learner.rank_for_energy(s, e) for e in (0.5, 0.8, 0.95)]
    for e, value, k in zip((0.5, 0.8, 0.95), got, (1, 2, 3), strict=True):
        ctx.assert_int(value, k, what=f"rank_for_energy([4, 3, 2, 1], {e})",
                       message=f"the squared values 16, 9, 4, 1 (total 30) first reach {e:.0%} of the total "
                               f"with the first {k}")


@check("a share reached exactly counts (>=, not >)")
def boundary(ctx):
    s = np.ones(4)
    got = ctx.learner.rank_for_energy(s, 0.5)
    ctx.assert_int(got, 2, what="rank_for_energy([1, 1, 1, 1], 0.5)",
                   message="two of four equal singular values capture exactly half the energy, which is enough")


@check("energy = 1 stops where the running sum reaches the total", weight=2)
def full_energy(ctx):
    ctx.assert_int(ctx.learner.rank_for_energy(np.array([3.0, 2.0, 1.0, 0.0, 0.0]), 1.0), 3,
                   what="rank_for_energy([3, 2, 1, 0, 0], 1.0)", message="the two zeros add nothing")
    # A spectrum whose squares sum to slightly more with np.sum than with np.cumsum (rounding).
    for _ in range(1000):
        s = np.sort(ctx.rng.random(20) * 3)[::-1]
        if np.sum(s**2) > np.cumsum(s**2)[-1]:
            break
    ctx.assert_int(ctx.learner.rank_for_energy(s, 1.0), 20, what="rank_for_energy(s of length 20, 1.0)",
                   message="all 20 singular values capture the whole energy; compare against the last cumulative "
                           "sum, since np.sum(s**2) can exceed np.cumsum(s**2)[-1] by a rounding error")


@check("energy = 1: a value too small to change the float64 total is not needed")
def below_rounding(ctx):
    """The contract counts in float64: 1 + 1e-18 rounds to 1, so [1, 1e-9] reaches the total at k = 1."""
    ctx.assert_int(ctx.learner.rank_for_energy(np.array([1.0, 1e-9]), 1.0), 1, what="rank_for_energy([1, 1e-9], 1.0)",
                   message="the running sums are 1.0 and 1.0 + 1e-18, which rounds to 1.0: the first one already "
                           "equals the total, so k = 1 (counting nonzero values would give 2)")
    ctx.assert_int(ctx.learner.rank_for_energy(np.array([2.0, 1.0, 1e-9, 0.0]), 1.0), 2,
                   what="rank_for_energy([2, 1, 1e-9, 0], 1.0)",
                   message="4 + 1 = 5, and adding 1e-18 and 0 leaves 5.0 unchanged in float64")


@check("no energy to capture gives 0; integer input")
def zeros_and_integers(ctx):
    ctx.assert_int(ctx.learner.rank_for_energy(np.zeros(3), 0.9), 0, what="rank_for_energy([0, 0, 0], 0.9)",
                   message="a zero matrix needs no singular value")
    ctx.assert_int(ctx.learner.rank_for_energy(np.array([5, 3, 1]), 0.95), 2,
                   what="rank_for_energy([5, 3, 1] as ints, 0.95)",
                   message="25 + 9 = 34 of 35 is at least 0.95 * 35 = 33.25")
    ctx.assert_scalar(ctx.learner.truncation_error(np.array([5, 3, 1]), 1), np.sqrt(10.0),
                      what="truncation_error([5, 3, 1] as ints, 1)")


@check("rank_for_energy raises ValueError unless 0 < energy <= 1")
def bad_energy(ctx):
    s = _spectrum(ctx.rng, 5)
    for e in (0.0, 1.5, -0.2):
        ctx.assert_raises(ValueError, ctx.learner.rank_for_energy, s, e)
