"""The instructor's subcommands: `pack new`, `pack validate`, `pack release` and `grade`.

Like `tutor.cli`, this module imports only the standard library at the top; each command
imports the core modules it needs when it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from tutor.cli_support import EXIT_FAIL, EXIT_OK, UsageError
from tutor.cli_support import color as _color

# -- pack new ------------------------------------------------------------------------------

def cmd_pack_new(args: argparse.Namespace) -> int:
    """`pack new DIR`: write the scaffold; exit 2 if DIR is not new or empty."""
    from tutor.core.scaffold import ScaffoldError, new_pack

    try:
        written = new_pack(args.dir, name=args.name, title=args.title)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    root = Path(args.dir)
    print(f"Created a lesson pack in {root} ({len(written)} files):")
    for path in written:
        print(f"  {path.relative_to(root).as_posix()}")
    print("\nNext steps:\n"
          f"  latent-tutor pack validate {root}          stubs fail, solutions pass, wrong variants fail\n"
          f"  latent-tutor --pack {root} list            see it beside the built-in lessons\n"
          f"  latent-tutor pack release {root} OUT       the student copy, without solutions or hidden checks\n"
          "Every file is commented; the manifest (pack.toml) explains each field.")
    return EXIT_OK


# -- pack validate -------------------------------------------------------------------------

def _print_exercise_report(report: Any, verbose: bool) -> None:
    mark = _color("✓", "32") if report.ok else _color("✗", "31")
    timing = f", solution checked in {report.solution_ms:.0f} ms" if report.solution_ms is not None else ""
    print(f"{mark} {report.id}: {report.checks} checks{timing}", flush=True)
    for finding in report.problems:
        print(_color(f"    problem: {finding}", "31"))
        for line in finding.detail.splitlines():
            print(f"      | {line}")
    for finding in report.warnings:
        print(_color(f"    warning: {finding}", "33"))
    for line in report.notes if verbose else []:
        print(f"    {line}")


def cmd_pack_validate(args: argparse.Namespace) -> int:
    """`pack validate DIR`: report every problem; exit 1 when the pack is not valid, 2 when DIR
    is not a folder."""
    from tutor.core.validate import validate_pack

    if not Path(args.dir).is_dir():
        raise UsageError(f"{args.dir} is not a folder: give the folder that holds the pack's pack.toml")
    if args.json:
        report = validate_pack(args.dir)
        print(json.dumps(report.to_json(), indent=2))
        return EXIT_OK if report.ok else EXIT_FAIL
    report = validate_pack(args.dir, on_exercise=lambda ex: _print_exercise_report(ex, args.verbose))
    for finding in report.problems + [f for found in report.lessons.values() for f in found]:
        print(_color("✗ ", "31") + str(finding))
    kind = "student copy " if report.released else ""
    if report.ok:
        print(f"\nThe {kind}pack {report.name!r} is valid: {len(report.exercises)} "
              f"exercise{'s' if len(report.exercises) != 1 else ''}.")
        return EXIT_OK
    print(f"\nThe {kind}pack at {args.dir} is not valid: fix {report.to_fix}.")
    return EXIT_FAIL


# -- pack release --------------------------------------------------------------------------

def cmd_pack_release(args: argparse.Namespace) -> int:
    """`pack release DIR OUT`: write the student copy; exit 2 if the pack or OUT is not fit."""
    from tutor.core.release import ReleaseError, release_pack

    print(f"Validating {args.dir} before release ...", file=sys.stderr, flush=True)
    try:
        report = release_pack(args.dir, args.out)
    except ReleaseError as exc:
        raise UsageError(str(exc)) from None
    print(f"Released the student copy to {report.out} ({len(report.files)} files).")
    for exercise_id, count in report.hidden_counts.items():
        print(f"  {exercise_id}: {count} hidden check{'s' if count != 1 else ''} left out; they run when graded")
    if report.left_out:
        print(f"Not copied: {', '.join(report.left_out)}\n(a release copies the lessons, the stubs, the public "
              "checks and their helpers, and data/: nothing else, and no symbolic link)")
    for note in report.notes:
        print(_color(f"note: {note}", "33"))
    return EXIT_OK


# -- grade ---------------------------------------------------------------------------------

class Progress:
    """Progress on stderr: a bar redrawn with \\r on a terminal, else one line per student."""

    WIDTH = 24

    def __init__(self, total: int, stream: TextIO = sys.stderr) -> None:
        self.total, self.stream = total, stream
        self.tty = stream.isatty()
        self.started = time.monotonic()

    def update(self, student: str, total_score: float, done: int, errors: list[str]) -> None:
        """Show that ``student`` is graded (``done`` of the total), with any grader errors."""
        elapsed = time.monotonic() - self.started
        if self.tty:
            filled = round(self.WIDTH * done / self.total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\rgrading [{bar}] {done}/{self.total}  {elapsed:5.1f} s  {student[:30]:<30}")
            if done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"graded {student}: total {total_score:.4f} ({done}/{self.total}, {elapsed:.1f} s)\n")
        for error in errors:
            self.stream.write(("\n" if self.tty and done != self.total else "") + f"warning: {student}: {error}\n")
        self.stream.flush()


def _grade_packs(args: argparse.Namespace) -> list[Any]:
    from tutor.core.packs import PackSource, builtin_root, load_packs

    sources = [PackSource(Path(p), "--pack") for p in args.pack] or [PackSource(builtin_root(), "built-in")]
    packs, warnings = load_packs(sources)
    if warnings:
        raise UsageError("cannot grade:\n" + "\n".join(warnings))
    return packs


def _output_path(value: str, option: str) -> Path:
    path = Path(value).expanduser()
    if path.is_dir():
        raise UsageError(f"{option} {value} is a folder; give a file name")
    return path


def cmd_grade(args: argparse.Namespace) -> int:
    """`grade SUBMISSIONS --out CSV`: grade every student; write the outputs only at the end."""
    from tutor.core.gradebook import (
        GradeError,
        find_students,
        grade_all,
        grading_plan,
        student_total,
        write_gradebook,
    )

    out = _output_path(args.out, "--out")
    json_out = _output_path(args.json, "--json") if args.json else None
    if json_out is not None and json_out.resolve() == out.resolve():
        raise UsageError("--out and --json must be different files")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    try:
        items = grading_plan(_grade_packs(args))
        students = find_students(Path(args.submissions))
    except GradeError as exc:
        raise UsageError(str(exc)) from None
    jobs = min(args.jobs, len(students))
    print(f"Grading {len(students)} student{'s' if len(students) != 1 else ''} x {len(items)} "
          f"exercise{'s' if len(items) != 1 else ''} with {jobs} process{'es' if jobs != 1 else ''} ...",
          file=sys.stderr, flush=True)
    progress = Progress(len(students))
    try:
        grades = grade_all(items, students, jobs=jobs, seed=args.seed,
                           on_graded=lambda g, done: progress.update(g.student, student_total(items, g), done, g.errors))
    except KeyboardInterrupt:
        print("\ninterrupted: no grades were written", file=sys.stderr)
        return 130
    write_gradebook(items, grades, out, json_out, seed=args.seed)
    mean = sum(student_total(items, g) for g in grades) / len(grades)
    written = f"{out}" + (f" and {json_out}" if json_out else "")
    print(f"Wrote {written}: {len(grades)} students, mean total {mean:.4f} "
          f"in {time.monotonic() - progress.started:.1f} s.", file=sys.stderr)
    failed = [g.student for g in grades if g.errors]
    if failed:
        print(f"warning: grading failed for {', '.join(failed)}: their ungraded exercises score 0 "
              "(see the warnings above); grade them again", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


# -- parser --------------------------------------------------------------------------------

def add_instructor_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `pack new|validate|release` and `grade` to the top-level subparsers ``sub``."""
    pack = sub.add_parser("pack", help="author lesson packs: new, validate, release")
    pack_sub = pack.add_subparsers(dest="pack_command", metavar="PACK_COMMAND", required=True)

    p = pack_sub.add_parser("new", help="start a new pack: one lesson, one exercise, all commented")
    p.add_argument("dir", help="a new or empty folder")
    p.add_argument("--name", help="the pack's id (default: made from the folder name)")
    p.add_argument("--title", help="the pack's title (default: made from the name)")
    p.set_defaults(func=cmd_pack_new)

    p = pack_sub.add_parser("validate", help="check a pack: stubs fail, solutions pass, wrong variants fail")
    p.add_argument("dir", help="the pack's folder (holding pack.toml)")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.add_argument("-v", "--verbose", action="store_true", help="also show which checks catch each wrong variant")
    p.set_defaults(func=cmd_pack_validate)

    p = pack_sub.add_parser("release", help="make the student copy: no solutions, hidden checks or variants")
    p.add_argument("dir", help="the pack's folder (holding pack.toml)")
    p.add_argument("out", help="a new or empty folder for the student copy")
    p.set_defaults(func=cmd_pack_release)

    p = sub.add_parser("grade", parents=[common], help="grade a folder of student submissions into grades.csv")
    p.add_argument("submissions", help="a folder with one folder per student, laid out like a workspace")
    p.add_argument("--out", required=True, metavar="FILE", help="grades.csv: one row per student")
    p.add_argument("--json", metavar="FILE", help="results.json: every check per student, pass rates per check")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="students graded in parallel (default: the number of CPUs)")
    p.add_argument("--seed", type=int, default=0,
                   help="base seed of the checks' random inputs (default 0, as `check` uses)")
    p.set_defaults(func=cmd_grade)
