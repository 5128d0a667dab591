"""`latent-tutor grade`: grade a class's submissions into grades.csv, results.json and feedback.

Like `tutor.cli`, this module imports only the standard library at the top; the command imports
the core modules it needs when it runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, TextIO

from tutor.cli_support import EXIT_BROKEN_CHECKS, EXIT_FAIL, EXIT_OK, UsageError
from tutor.cli_support import color as _color

MAX_WARNINGS = 10
"""Misplaced-file warnings shown before grading (the rest are counted)."""


class ProgressBar:
    """Grading progress on stderr: a bar redrawn with \\r on a terminal, else one line per student."""

    WIDTH = 24

    def __init__(self, total: int, stream: TextIO = sys.stderr) -> None:
        self.total, self.stream = total, stream
        self.tty = stream.isatty()
        self.started = time.monotonic()

    def update(self, student: str, total_score: float | None, done: int, errors: list[str]) -> None:
        """Show that ``student`` is graded (``done`` of the total), with any grader errors."""
        elapsed = time.monotonic() - self.started
        if self.tty:
            filled = round(self.WIDTH * done / self.total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\rgrading [{bar}] {done}/{self.total}  {elapsed:5.1f} s  {student[:30]:<30}")
            if done == self.total:
                self.stream.write("\n")
        else:
            shown = "error" if total_score is None else f"{total_score:.4f}"
            self.stream.write(f"graded {student}: total {shown} ({done}/{self.total}, {elapsed:.1f} s)\n")
        for error in errors:
            self.stream.write(("\n" if self.tty and done != self.total else "") + f"warning: {student}: {error}\n")
        self.stream.flush()


def _warn(text: str) -> None:
    print(_color("warning: ", "33", sys.stderr) + text, file=sys.stderr)


def _packs(args: argparse.Namespace) -> tuple[list[Any], str]:
    """The packs that may be graded, and the primary pack of a student's workspace (whose files
    sit at its top): the built-in one, as in every learner's tutor."""
    from tutor.core.packs import builtin_root, load_packs, pack_sources

    requested = [Path(p).expanduser().resolve() for p in args.pack]
    sources, warnings = pack_sources(args.pack)
    packs, load_warnings = load_packs(sources)
    loaded = {p.root for p in packs}
    if any(root not in loaded for root in requested):
        raise UsageError("cannot grade:\n" + "\n".join(warnings + load_warnings))
    for warning in warnings + load_warnings:
        _warn(warning)
    builtin = next((p for p in packs if p.root == builtin_root().resolve()), None)
    primary = builtin.name if builtin else (packs[0].name if packs else "")
    if args.select:
        return packs, primary
    chosen = [p for p in packs if p.root in requested] if requested else [p for p in packs if p is builtin]
    return chosen, primary


def _output_path(value: str, option: str) -> Path:
    path = Path(value).expanduser()
    if path.is_dir():
        raise UsageError(f"{option} {value} is a folder; give a file name")
    return path


def _check_options(args: argparse.Namespace) -> tuple[Path, Path | None, Path | None]:
    out = _output_path(args.out, "--out")
    json_out = _output_path(args.json, "--json") if args.json else None
    if json_out is not None and json_out.resolve() == out.resolve():
        raise UsageError("--out and --json must be different files")
    feedback = Path(args.feedback).expanduser() if args.feedback else None
    if feedback is not None and feedback.exists() and not feedback.is_dir():
        raise UsageError(f"--feedback {args.feedback} is a file; give a folder (one Markdown file per student)")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.only and args.resume:
        raise UsageError("--only and --resume do not go together: --only regrades the students named, "
                         "--resume everyone whose files or pack changed")
    return out, json_out, feedback


def _plan_state(args: argparse.Namespace, items: list[Any], students: list[Path], state_file: Path,
                pack_digest: str) -> tuple[Any, list[Path]]:
    """The state to start from (students kept from an earlier run) and the folders to grade."""
    from tutor.core.gradestate import GradeState, StateError, files_digest, read_state

    ids = [item.exercise.id for item in items]
    try:
        earlier = read_state(state_file) if (args.only or args.resume) else None
    except StateError as exc:
        raise UsageError(str(exc)) from None
    fresh = GradeState(ids, args.seed)
    if earlier is not None and (earlier.exercises != ids or earlier.seed != args.seed):
        what = "exercises" if earlier.exercises != ids else "seed"
        raise UsageError(f"the {what} differ from the earlier run recorded in {state_file}: "
                         "grade everyone again (without --only or --resume)")
    if args.only:
        if earlier is None:
            raise UsageError(f"--only merges into an earlier run's outputs, and there is none ({state_file} "
                             "is missing): grade the whole class first")
        if not earlier.complete:
            raise UsageError(f"the earlier run recorded in {state_file} did not finish: "
                             "complete it with --resume first")
        by_name = {folder.name: folder for folder in students}
        unknown = [name for name in args.only if name not in by_name]
        if unknown:
            raise UsageError(f"--only {', '.join(unknown)}: no such student folder in {args.submissions}")
        fresh.students = {n: s for n, s in earlier.students.items() if n not in args.only}
        return fresh, [by_name[name] for name in sorted(set(args.only))]
    if earlier is None:
        if args.resume:
            _warn(f"nothing to resume ({state_file} is missing): grading every student")
        return fresh, students
    present = {folder.name: folder for folder in students}
    for name, student in earlier.students.items():
        folder = present.get(name)
        item_files = [f for item in items for f in (item.file, *item.uses)]
        if folder is not None and student.pack == pack_digest and student.files == files_digest(folder, item_files):
            fresh.students[name] = student
    todo = [folder for folder in students if folder.name not in fresh.students]
    print(f"Resuming: {len(fresh.students)} student{'s' if len(fresh.students) != 1 else ''} kept "
          f"(files and pack unchanged), {len(todo)} to grade.", file=sys.stderr, flush=True)
    return fresh, todo


def _layout_warnings(items: list[Any], students: list[Path]) -> None:
    from tutor.core.gradebook import misplaced, submitted_files

    lines = []
    for folder in students:
        present = submitted_files(folder)
        for item in items:
            found = None if item.file in present else misplaced(item, present)
            if found:
                lines.append(f"{folder.name}: {item.file} is missing, but {found} is there: "
                             "is the folder laid out like a workspace?")
    for line in lines[:MAX_WARNINGS]:
        _warn(line)
    if len(lines) > MAX_WARNINGS:
        _warn(f"... and {len(lines) - MAX_WARNINGS} more misplaced files")


def _report_broken(class_grades: list[Any]) -> int:
    """Name every check that broke on stderr, once, with where and for whom; return how many."""
    from tutor.core.checkguard import BROKEN_SUFFIX, location_in
    from tutor.core.gradeout import broken

    found: dict[tuple[str, str], dict[str, Any]] = {}
    for grades in class_grades:
        for exercise, record in grades.results.items():
            for check in broken(record):
                entry = found.setdefault((exercise, check["name"]), {"students": [], "check": check})
                entry["students"].append(grades.student)
    if not found:
        return 0
    one = len(found) == 1
    print(_color("error: ", "31", sys.stderr) + f"{len(found)} check{'' if one else 's'} broke (errors in the pack's "
          f"check code, not in the students' code); {'it is' if one else 'they are'} left out of the scores:",
          file=sys.stderr)
    for (exercise, name), entry in found.items():
        file, line = location_in(entry["check"].get("detail", ""))
        where = f" ({file}:{line})" if file else ""
        students = entry["students"]
        shown = [json.dumps(s, ensure_ascii=False) if "," in s else s for s in students[:5]]
        named = ", ".join(shown) + (f" and {len(students) - 5} more" if len(students) > 5 else "")
        print(f"  check {name!r} of {exercise}{where}, for {len(students)} student{'s' if len(students) != 1 else ''} "
              f"({named}): {entry['check']['message'].removesuffix(BROKEN_SUFFIX)}", file=sys.stderr)
        for text in entry["check"].get("detail", "").splitlines():
            print(f"      | {text}", file=sys.stderr)
    print("Fix the checks, then grade again with --resume (every student is regraded when the pack changes).",
          file=sys.stderr)
    return len(found)


def _require_isolation(args: argparse.Namespace, items: list[Any]) -> None:
    """`grade` runs students' code on the instructor's machine: below full isolation it refuses,
    unless told otherwise, and then says so."""
    from tutor.core.probe import grading_isolation

    isolation = grading_isolation(list({item.pack.root: None for item in items}))
    if isolation.full:
        return
    if not args.allow_weak_isolation:
        raise UsageError(f"refusing to grade: {isolation.warning}.\nStudents' code could reach more than "
                         "it would on an empty machine. Grade where isolation is full (Linux with user "
                         "namespaces and Landlock or mount namespaces; `latent-tutor isolation` shows "
                         "what is missing and why), or pass --allow-weak-isolation to grade anyway; "
                         "the results will say so.")
    _warn(f"grading with weak isolation: {isolation.warning}")


def cmd_grade(args: argparse.Namespace) -> int:
    """`grade SUBMISSIONS --out CSV`: grade the students, then write every output at the end."""
    from tutor.core.gradebook import (
        GradeError,
        StudentGrades,
        find_students,
        grade_all,
        grading_plan,
        wrong_layout,
    )
    from tutor.core.gradeout import (
        feedback_markdown,
        gradebook_csv,
        gradebook_json,
        output_mode,
        student_total,
        write_output,
    )
    from tutor.core.gradestate import (
        StateWriter,
        StudentState,
        files_digest,
        plan_digest,
        state_path,
    )

    out, json_out, feedback = _check_options(args)
    try:
        packs, primary = _packs(args)
        items = grading_plan(packs, primary=primary, select=args.select)
        students = find_students(Path(args.submissions))
    except GradeError as exc:
        raise UsageError(str(exc)) from None
    problem = wrong_layout(items, students)
    if problem:
        raise UsageError(problem)
    _require_isolation(args, items)
    state_file = state_path(out)
    pack_digest = plan_digest(items, args.seed)
    state, todo = _plan_state(args, items, students, state_file, pack_digest)
    _layout_warnings(items, todo)
    item_files = [f for item in items for f in (item.file, *item.uses)]
    digests = {folder.name: files_digest(folder, item_files) for folder in todo}
    jobs = max(1, min(args.jobs, len(todo)))
    if todo:
        print(f"Grading {len(todo)} student{'s' if len(todo) != 1 else ''} x {len(items)} "
              f"exercise{'s' if len(items) != 1 else ''} with {jobs} process{'es' if jobs != 1 else ''} ...",
              file=sys.stderr, flush=True)
    else:
        print("Nothing to grade: every student's results are kept from the earlier run.", file=sys.stderr, flush=True)
    writer = StateWriter(state_file, state, output_mode())
    progress = ProgressBar(max(len(todo), 1))

    def graded(grades: Any, done: int) -> None:
        writer.add(StudentState(grades.student, digests[grades.student], pack_digest, grades.results, grades.errors,
                                grades.pack_fault))
        progress.update(grades.student, student_total(items, grades).share, done, grades.errors)

    try:
        grade_all(items, todo, jobs=jobs, seed=args.seed, on_graded=graded)
    except KeyboardInterrupt:
        writer.close()
        kept = len(writer.state.students)
        print(f"\ninterrupted: no gradebook was written; the {kept} student{'s' if kept != 1 else ''} graded so far "
              f"{'are' if kept != 1 else 'is'} kept in {state_file}: run the same command with --resume to grade "
              "the rest", file=sys.stderr)
        return 130
    writer.finish()
    class_grades = [StudentGrades(s.student, s.records, s.errors, s.pack_fault)
                    for s in sorted(state.students.values(), key=lambda s: s.student)]
    write_output(out, gradebook_csv(items, class_grades))
    if json_out is not None:
        write_output(json_out, json.dumps(gradebook_json(items, class_grades, seed=args.seed), indent=2) + "\n")
    if feedback is not None:
        regraded = {folder.name for folder in todo}
        for grades in class_grades:
            if not args.only or grades.student in regraded:
                write_output(feedback / f"{grades.student}.md", feedback_markdown(items, grades))
    return _summary(args, items, class_grades, out, json_out, feedback, progress)


def _summary(args: argparse.Namespace, items: list[Any], class_grades: list[Any], out: Path, json_out: Path | None,
             feedback: Path | None, progress: ProgressBar) -> int:
    from tutor.core.gradeout import exercise_summary, student_total

    shares = [t for t in (student_total(items, g).share for g in class_grades) if t is not None]
    written = ", ".join(str(p) for p in (out, json_out, feedback) if p is not None)
    mean = f"mean total {sum(shares) / len(shares):.4f}" if shares else "no total"
    print(f"Wrote {written}: {len(class_grades)} students, {mean} "
          f"in {time.monotonic() - progress.started:.1f} s.", file=sys.stderr)
    made: dict[str, int] = defaultdict(int)
    for item in items:
        for mistake in exercise_summary(item, class_grades)["mistakes"]:
            if mistake["students"]:
                made[f"{item.exercise.id}: {mistake['variant']}"] = mistake["students"]
    if made:
        common = sorted(made.items(), key=lambda kv: -kv[1])[:5]
        print("Most common known mistakes: " + "; ".join(f"{name} ({n})" for name, n in common), file=sys.stderr)
    broken_checks = _report_broken(class_grades)
    failed = [g.student for g in class_grades if g.errors and not g.pack_fault]
    if failed:
        _warn(f"grading failed for {', '.join(failed)}: their ungraded exercises score 0 (see the warnings above); "
              f"grade them again with --only {' --only '.join(failed)}")
    stopped = [g.student for g in class_grades if g.pack_fault]
    if stopped:
        _warn(f"the pack's check code stopped the grading of {', '.join(stopped)} (see above): their ungraded "
              f"exercises score 0 until the check is fixed and they are graded again with "
              f"--only {' --only '.join(stopped)}")
    if broken_checks or any(g.pack_fault for g in class_grades):
        return EXIT_BROKEN_CHECKS
    return EXIT_FAIL if failed else EXIT_OK


def add_grade_command(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `grade` to the top-level subparsers ``sub``."""
    import os

    p = sub.add_parser("grade", parents=[common], help="grade a folder of student submissions into grades.csv")
    p.add_argument("submissions",
                   help="a folder with one folder per student, each laid out like that student's workspace")
    p.add_argument("--allow-weak-isolation", action="store_true",
                   help="grade even where learner code cannot be fully isolated (the results say so)")
    p.add_argument("--out", required=True, metavar="FILE", help="grades.csv: one row per student")
    p.add_argument("--json", metavar="FILE", help="results.json: every check per student, pass rates, known mistakes")
    p.add_argument("--feedback", metavar="DIR", help="write DIR/<student>.md: the feedback to give each student")
    p.add_argument("--select", metavar="PACK_OR_EXERCISE", action="append", default=[],
                   help="grade only this pack or exercise (repeatable; any loaded pack, installed ones included; "
                        "default: the --pack packs, else the built-in one)")
    p.add_argument("--only", metavar="STUDENT", action="append", default=[],
                   help="regrade only this student folder (repeatable), merging into the existing outputs")
    p.add_argument("--resume", action="store_true",
                   help="after an interrupted run (or any run): grade only students whose files or pack changed")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="students graded in parallel (default: the number of CPUs)")
    p.add_argument("--seed", type=int, default=0,
                   help="base seed of the checks' random inputs (default 0, as `check` uses)")
    p.set_defaults(func=cmd_grade)
