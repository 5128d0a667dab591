"""Hidden checks for svd-truncate (removed from the student copy by `pack release`).

They accept any correct algorithm: the result is judged by its shape, its rank and its distance
to A against the Eckart-Young optimum, and compared with the unique best approximation only where
the singular values are distinct (random matrices), never by the signs of singular vectors.
"""

import numpy as np

from tutor.checks import check


def _rank(M):
    s = np.linalg.svd(M, compute_uv=False)
    return int(np.sum(s > max(M.shape) * np.finfo(float).eps * max(s.max(initial=0.0), 1.0)))


@check("reaches the Eckart-Young optimum for every k", weight=3)
def eckart_young(ctx):
    for shape in [(7, 5), (4, 6)]:
        A = ctx.rng.standard_normal(shape) * 3
        s = np.linalg.svd(A, compute_uv=False)
        for k in range(min(shape) + 1):
            what = f"truncated_svd(A {shape[0]}x{shape[1]}, k={k})"
            Ak = ctx.assert_array(ctx.learner.truncated_svd(A, k), what=what, shape=shape)
            error, optimum = np.linalg.norm(A - Ak), np.sqrt(np.sum(s[k:] ** 2))
            if error > optimum * (1 + 1e-6) + 1e-9:
                U, _, Vt = np.linalg.svd(A, full_matrices=False)
                ctx.fail(f"{what}: error ||A - A_k|| = {error:.4g} exceeds the Eckart-Young optimum {optimum:.4g}",
                         actual=Ak, expected=(U[:, :k] * s[:k]) @ Vt[:k])
            ctx.assert_true(_rank(Ak) <= k,
                            f"{what} has rank {_rank(Ak)}; a rank-{k} approximation has rank at most {k}")


@check("equals U_k S_k V_k^T when the singular values are distinct", weight=2)
def unique_best(ctx):
    A = ctx.rng.standard_normal((6, 6))
    U, s, Vt = np.linalg.svd(A)
    for k in (1, 3, 5):
        ctx.assert_close(ctx.learner.truncated_svd(A, k), (U[:, :k] * s[:k]) @ Vt[:k], what=f"truncated_svd(A, {k})",
                         message="differs from the sum of the k leading singular triplets s_i u_i v_i^T")


@check("k = 0 gives the zero matrix; k = min(m, n) gives A back")
def extremes(ctx):
    A = ctx.rng.standard_normal((5, 3))
    ctx.assert_close(ctx.learner.truncated_svd(A, 0), np.zeros_like(A), what="truncated_svd(A, 0)",
                     message="the best rank-0 approximation is the zero matrix")
    ctx.assert_close(ctx.learner.truncated_svd(A, 3), A, what="truncated_svd(A 5x3, 3)",
                     message="keeping all singular values must give A back")


@check("any best approximation is accepted when singular values tie")
def ties(ctx):
    A = np.eye(4)
    Ak = ctx.assert_array(ctx.learner.truncated_svd(A, 2), what="truncated_svd(I_4, 2)", shape=(4, 4))
    error = np.linalg.norm(A - Ak)
    ctx.assert_true(abs(error - np.sqrt(2)) < 1e-8 and _rank(Ak) <= 2,
                    "truncated_svd(I_4, 2) should have rank 2 and error sqrt(2) = 1.414; "
                    f"got error {error:.4g}, rank {_rank(Ak)}")


@check("works for integer matrices and rank-deficient ones")
def integer_and_deficient(ctx):
    B = ctx.rng.integers(-4, 5, size=(6, 2))
    A = B @ ctx.rng.integers(-4, 5, size=(2, 5))  # an integer matrix of rank 2
    ctx.assert_close(ctx.learner.truncated_svd(A, 2), A.astype(float), what="truncated_svd(A of rank 2, 2)",
                     rtol=1e-6, atol=1e-8, message="a rank-2 matrix is its own best rank-2 approximation")


@check("raises ValueError for k < 0 or k > min(m, n)")
def bad_k(ctx):
    A = ctx.rng.standard_normal((3, 5))
    ctx.assert_raises(ValueError, ctx.learner.truncated_svd, A, 4)
    ctx.assert_raises(ValueError, ctx.learner.truncated_svd, A, -1)
