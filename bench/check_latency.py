"""How fast a verdict comes back, measured against baselines in the same run.

Prints progress lines, then as its LAST line one JSON object:
- warm_p50_ms: the grading service's verdict for svd-truncate's checks against its reference
  solution, full isolation included, with --pause seconds between verdicts (a learner saves a
  file; the next confined process is ready on standby by then);
- warm_back_to_back_p50_ms: the same with no pause (each verdict also pays for preparing the
  next process, on the other core);
- pytest_p50_ms: a fresh `python -m pytest` process running equivalent checks;
- speedup: pytest_p50_ms / warm_p50_ms;
- service_rss_mb: the grading service's resident memory when idle;
- cold_check_p50_ms, numpy_import_p50_ms, cold_ratio: a whole `latent-tutor check svd-truncate
  --json` process against `python -c "import numpy"`;
- per_exercise_warm_p50_ms: every exercise of the built-in pack against its reference solution;
- inproc_p50_ms / per_exercise_inproc_p50_ms: the same checks called in this process on the
  reference solution, with no isolation at all (the floor a verdict could reach);
- overhead_p50_ms / per_exercise_overhead_p50_ms: warm minus in-process, the cost of isolation
  and of the round trip to the grading service;
- isolation: the level the warm verdicts ran with.

Usage: python bench/check_latency.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from tutor.core.checkapi import CheckContext  # noqa: E402
from tutor.core.grading import check_seed  # noqa: E402
from tutor.core.manifest import load_pack  # noqa: E402
from tutor.core.modules import import_path, load_checks  # noqa: E402
from tutor.core.results import LearnerProblem  # noqa: E402
from tutor.core.service import GradingService  # noqa: E402

EQUIVALENT_TEST = '''
import importlib.util
import numpy as np
import pytest

spec = importlib.util.spec_from_file_location("solution", {solution!r})
solution = importlib.util.module_from_spec(spec)
spec.loader.exec_module(solution)
truncated_svd = solution.truncated_svd


def test_eckart_young():
    rng = np.random.default_rng(0)
    for shape in [(7, 5), (4, 6)]:
        A = rng.standard_normal(shape) * 3
        s = np.linalg.svd(A, compute_uv=False)
        for k in range(min(shape) + 1):
            Ak = truncated_svd(A, k)
            assert Ak.shape == shape
            assert np.linalg.norm(A - Ak) <= np.sqrt(np.sum(s[k:] ** 2)) * (1 + 1e-6) + 1e-9


def test_unique_and_extremes():
    rng = np.random.default_rng(1)
    A = rng.standard_normal((6, 6))
    U, s, Vt = np.linalg.svd(A)
    for k in (1, 3, 5):
        np.testing.assert_allclose(truncated_svd(A, k), (U[:, :k] * s[:k]) @ Vt[:k], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(truncated_svd(A, 0), 0 * A)


def test_bad_k():
    with pytest.raises(ValueError):
        truncated_svd(np.ones((3, 5)), 4)
'''


def timed(func, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return times


def p50(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def in_process(exercise) -> None:
    """Every check of ``exercise`` on its reference solution, called directly: no process, no
    isolation, no encoding. Raises if a check fails."""
    solution = import_path(exercise.solution_path)
    checks = load_checks(exercise)
    for loaded in checks:
        def call(name, args, kwargs):
            try:
                return getattr(solution, name)(*args, **kwargs)
            except Exception as exc:  # as the engine reports a learner's exception
                raise LearnerProblem("exception", f"{type(exc).__name__}: {exc}",
                                     types=tuple(c.__name__ for c in type(exc).__mro__)) from None
        loaded.func(CheckContext(seed=check_seed(exercise.id, loaded.spec.name, 0), caller=call))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between verdicts (default 0.05)")
    options = parser.parse_args()
    runs, pause = options.runs, options.pause
    pack = load_pack(REPO)
    svd = pack.exercise("svd-truncate")

    service = GradingService()
    service.start()
    for _ in range(3):
        first = service.grade(pack.root, svd.id, svd.solution_path)
        assert first.passed
    isolation = first.isolation.to_json() if first.isolation else None
    warm, inproc = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        time.sleep(pause)
        warm += timed(lambda: service.grade(pack.root, svd.id, svd.solution_path), 1)
        time.sleep(pause)
        inproc += timed(lambda: in_process(svd), 1)
    back_to_back = timed(lambda: service.grade(pack.root, svd.id, svd.solution_path), runs)
    per_exercise, per_inproc, per_overhead = {}, {}, {}
    for exercise in pack.exercises:
        service.grade(pack.root, exercise.id, exercise.solution_path)
        in_process(exercise)
        ex_warm, ex_inproc = [], []
        for _ in range(max(5, runs // 3)):
            time.sleep(pause)
            ex_warm += timed(partial(service.grade, pack.root, exercise.id, exercise.solution_path), 1)
            ex_inproc += timed(partial(in_process, exercise), 1)
        per_exercise[exercise.id], per_inproc[exercise.id] = p50(ex_warm), p50(ex_inproc)
        per_overhead[exercise.id] = round(per_exercise[exercise.id] - per_inproc[exercise.id], 2)
    time.sleep(0.5)
    rss_mb = round(service.ping()["rss_kb"] / 1024, 1)
    service.close()
    print(f"warm verdict p50 {p50(warm)} ms, in-process {p50(inproc)} ms; service RSS {rss_mb} MB", file=sys.stderr)

    env = dict(os.environ, PYTHONPATH=str(REPO))
    # An installed package has compiled bytecode; give the source tree the same (this machine
    # sets PYTHONDONTWRITEBYTECODE, which would recompile every module on every cold start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "tutor")], env=env, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        test_file = Path(tmp) / "test_svd_truncate.py"
        test_file.write_text(textwrap.dedent(EQUIVALENT_TEST.format(solution=str(svd.solution_path))))
        pytest_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)]
        fresh = timed(lambda: subprocess.run(pytest_cmd, cwd=tmp, env=env, capture_output=True, check=True),
                      max(5, runs // 6))
        print(f"fresh pytest p50 {p50(fresh)} ms", file=sys.stderr)
        check_cmd = [sys.executable, "-m", "tutor", "check", "svd-truncate", "--json", "--file", str(svd.solution_path)]
        env_ws = dict(env, LATENT_TUTOR_WORKSPACE=str(Path(tmp) / "ws"))
        subprocess.run(check_cmd, env=env_ws, capture_output=True, check=True)
        cold, numpy_only = [], []
        for _ in range(max(7, runs // 2)):  # interleaved, so both see the same machine load
            cold += timed(lambda: subprocess.run(check_cmd, env=env_ws, capture_output=True, check=True), 1)
            numpy_only += timed(lambda: subprocess.run([sys.executable, "-c", "import numpy"], env=env, check=True), 1)
    print(f"cold check p50 {p50(cold)} ms vs import numpy {p50(numpy_only)} ms", file=sys.stderr)

    print(json.dumps({
        "warm_p50_ms": p50(warm),
        "warm_back_to_back_p50_ms": p50(back_to_back),
        "inproc_p50_ms": p50(inproc),
        "overhead_p50_ms": round(p50(warm) - p50(inproc), 2),
        "isolation": isolation,
        "pytest_p50_ms": p50(fresh),
        "speedup": round(p50(fresh) / p50(warm), 1),
        "service_rss_mb": rss_mb,
        "cold_check_p50_ms": p50(cold),
        "numpy_import_p50_ms": p50(numpy_only),
        "cold_ratio": round(p50(cold) / p50(numpy_only), 2),
        "per_exercise_warm_p50_ms": per_exercise,
        "per_exercise_inproc_p50_ms": per_inproc,
        "per_exercise_overhead_p50_ms": per_overhead,
    }))


if __name__ == "__main__":
    main()
