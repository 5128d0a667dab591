"""Benchmark `latent-tutor grade`: a class of submissions x every exercise of the pack.

The submissions are made in a temporary folder from the pack itself: for each student and
exercise, the reference solution (60 %), a known-wrong variant (25 %), the untouched stub (10 %)
or no file at all (5 %). The class is graded with `--jobs 2` in a fresh process, and measured
in the same run against two baselines:

- `--jobs 1` on the first 10 students (the same engine, serially);
- a fresh `latent-tutor check EXERCISE --file F --json` process per file, for 10 files (what a
  shell loop around `check` would cost).

The last line printed is one JSON object with the figures.

    python bench/grade.py [--students 100] [--jobs 2] [--pack DIR] [--all]

By default the class hands in the ten exercises of the first course (rank-numerical to
mha-circuits) and `grade --select`s them, so the figure compares with earlier rounds; `--all`
grades every exercise of the pack.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tutor.core.manifest import load_pack  # noqa: E402
from tutor.core.model import Exercise  # noqa: E402
from tutor.core.modules import variant_files  # noqa: E402

TARGET_S = 19.0
"""The second round's target for 100 students x the first course's ten exercises with --jobs 2
(set when those exercises' checks were lighter than today's; `within_target` says whether it holds)."""
FIRST_COURSE = ("rank-numerical", "rank-span", "svd-truncate", "svd-energy", "als-update", "als-fit",
                "attn-softmax", "attn-weights", "mha-forward", "mha-circuits")
BASELINE_STUDENTS = 20
BASELINE_FILES = 10


def submission_source(exercise: Exercise, student: int, index: int) -> Path | None:
    """The file student ``student`` hands in for the ``index``-th exercise (None: no file)."""
    slot = (student * 7 + index * 3) % 20
    variants = variant_files(exercise)
    if slot < 12 or (slot < 17 and not variants):
        return exercise.solution_path
    if slot < 17:
        return variants[(student + index) % len(variants)]
    return exercise.stub_path if slot < 19 else None


def make_class(pack_root: Path, folder: Path, students: int, only: tuple[str, ...] = ()) -> list[tuple[Exercise, Path]]:
    """Write ``students`` student folders (the exercises in ``only``, or all); return every
    (exercise, file) written."""
    pack = load_pack(pack_root)
    exercises = [ex for ex in pack.exercises if not only or ex.id in only]
    written = []
    for student in range(students):
        for index, exercise in enumerate(exercises):
            source = submission_source(exercise, student, index)
            target = folder / f"student{student:03d}" / exercise.file
            target.parent.mkdir(parents=True, exist_ok=True)
            if source is not None:
                target.write_bytes(source.read_bytes())
                written.append((exercise, target))
    return written


def cli(*args: str | Path, cwd: Path) -> float:
    """Run `python -m tutor ARGS` in a fresh process; return the wall-clock seconds."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "LATENT_TUTOR_WORKSPACE": str(cwd / "workspace")}
    env.pop("LATENT_TUTOR_PACKS", None)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "tutor", *map(str, args)], cwd=cwd, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1) or (args[0] == "grade" and result.returncode != 0):
        raise SystemExit(f"latent-tutor {' '.join(map(str, args))} failed ({result.returncode}):\n{result.stderr}")
    return elapsed


def main() -> None:
    """Make the class, time the three runs, print the figures (JSON last)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pack", type=Path, default=REPO, help="the pack to grade with (default: the built-in one)")
    parser.add_argument("--all", action="store_true", help="every exercise of the pack, not the first course's ten")
    args = parser.parse_args()
    pack_root = args.pack.resolve()
    only = () if args.all or pack_root != REPO else FIRST_COURSE
    select = [arg for exercise_id in only for arg in ("--select", exercise_id)]
    with tempfile.TemporaryDirectory(prefix="latent-tutor-bench-") as tmp:
        tmp_path = Path(tmp)
        written = make_class(pack_root, tmp_path / "class", args.students, only)
        exercises = len(only) or len(load_pack(pack_root).exercises)
        subset = tmp_path / "subset"
        for folder in sorted((tmp_path / "class").iterdir())[:BASELINE_STUDENTS]:
            shutil.copytree(folder, subset / folder.name)  # grade does not follow symbolic links
        # The built-in pack loads without --pack (and another copy of it would clash by name).
        pack_args = [] if pack_root == REPO else ["--pack", pack_root]

        total = cli("grade", tmp_path / "class", *pack_args, *select, "--out", tmp_path / "grades.csv",
                    "--jobs", str(args.jobs), cwd=tmp_path)
        with (tmp_path / "grades.csv").open() as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == args.students, f"expected {args.students} rows, got {len(rows)}"

        serial = cli("grade", subset, *pack_args, *select, "--out", tmp_path / "subset.csv", "--jobs", "1",
                     cwd=tmp_path)
        files = written[:BASELINE_FILES]
        per_check = [cli(*pack_args, "check", exercise.id, "--file", path, "--json", cwd=tmp_path)
                     for exercise, path in files]

    per_submission_ms = total / args.students * 1000
    serial_ms = serial / BASELINE_STUDENTS * 1000
    check_file_ms = sum(per_check) / len(per_check) * 1000
    figures = {
        "students": args.students, "exercises": exercises, "jobs": args.jobs,
        "total_s": round(total, 2), "per_submission_ms": round(per_submission_ms, 1),
        "per_exercise_file_ms": round(per_submission_ms / exercises, 2),
        "baseline_jobs1_per_submission_ms": round(serial_ms, 1),
        "ratio_vs_jobs1": round(serial_ms / per_submission_ms, 2),
        "baseline_check_process_per_file_ms": round(check_file_ms, 1),
        "ratio_vs_check_process_per_file": round(check_file_ms * exercises / per_submission_ms, 2),
        "target_s": TARGET_S, "within_target": total <= TARGET_S,
    }
    print(f"{args.students} submissions x {exercises} exercises, --jobs {args.jobs}: {total:.1f} s "
          f"({per_submission_ms:.0f} ms per submission)")
    print(f"baseline --jobs 1 on {BASELINE_STUDENTS} submissions: {serial_ms:.0f} ms per submission "
          f"(ratio {figures['ratio_vs_jobs1']})")
    print(f"baseline one `check` process per file on {len(per_check)} files: {check_file_ms:.0f} ms per file "
          f"(ratio {figures['ratio_vs_check_process_per_file']})")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
