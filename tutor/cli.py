"""The `latent-tutor` command line.

Keep this module's imports light: `latent-tutor check` must cost little more than starting Python
and importing NumPy. Textual and Rich load only when the app starts.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tutor.core  # noqa: F401  (first: pins BLAS to one thread before NumPy loads)
from tutor import __version__
from tutor.cli_support import EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError
from tutor.cli_support import color as _color

if TYPE_CHECKING:
    from tutor.core.course import Course
    from tutor.core.model import Exercise, Pack
    from tutor.core.results import CheckResult, ExerciseResult

EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE
"""The reader of our output went away (`check ID --json | head`): what a shell reports for it."""


def _tutor(args: argparse.Namespace, *, installed: bool = True) -> Course:
    from tutor.core.course import Course

    tutor = Course(args.workspace, args.pack, installed=installed)
    for warning in tutor.warnings:
        print(_color("warning: ", "33", sys.stderr) + warning, file=sys.stderr)
    if not tutor.packs:
        raise UsageError("no lesson pack could be loaded")
    tutor.ensure_workspace()  # first use creates the exercise files; existing ones are never touched
    return tutor


def _find(tutor: Course, exercise_id: str) -> tuple[Pack, Exercise]:
    from tutor.core.course import UnknownExercise

    try:
        return tutor.find(exercise_id)
    except UnknownExercise as exc:
        raise UsageError(str(exc)) from None


def _tutor_with(args: argparse.Namespace) -> tuple[Course, Pack, Exercise]:
    """The tutor and the exercise args.exercise; installed packs are scanned only if needed."""
    from tutor.core.course import UnknownExercise

    tutor = _tutor(args, installed=False)
    try:
        return (tutor, *tutor.find(args.exercise))
    except UnknownExercise:
        tutor.close()
    tutor = _tutor(args)
    return (tutor, *_find(tutor, args.exercise))


# -- commands ------------------------------------------------------------------------------

def cmd_list(args: argparse.Namespace) -> int:
    from tutor.core.progress import Status

    tutor = _tutor(args)
    lessons: list[dict[str, Any]] = []
    for pack in tutor.packs:
        progress = tutor.progress.all(pack.name)
        for lesson in pack.lessons:
            exercises = []
            for ex in lesson.exercises:
                status = progress[ex.id].status if ex.id in progress else Status.NOT_STARTED
                exercises.append({"id": ex.id, "title": ex.title, "file": tutor.workspace.relative(pack, ex),
                                  "status": status})
            lessons.append({"id": lesson.id, "title": lesson.title, "pack": pack.name, "exercises": exercises})
    if args.json:
        print(json.dumps({"lessons": lessons, "workspace": str(tutor.workspace.root)}, indent=2))
        return EXIT_OK
    marks = {Status.DONE: _color("✓", "32"), Status.PUBLIC_OK: _color("◇", "32"), Status.IN_PROGRESS: _color("…", "33"),
             Status.NOT_STARTED: " "}
    print(f"Workspace: {tutor.workspace.root}")
    for entry in lessons:
        print(f"\n{entry['title']}")
        for ex in entry["exercises"]:
            print(f"  [{marks[ex['status']]}] {ex['id']:<16} {ex['title']}  ({ex['file']})")
    if any(ex["status"] == Status.PUBLIC_OK for lesson in lessons for ex in lesson["exercises"]):
        print(f"\n[{marks[Status.PUBLIC_OK]}] every public check passed; "
              "the hidden checks run when your work is graded")
    return EXIT_OK


_HEADLINE_COLOR = {"PASSED": "32;1", "PUBLIC OK": "32;1", "NOT YET": "31;1"}


def _lines(text: str, indent: str, last: int | None = None) -> None:
    """Print check or learner text, made printable, one indented line per line (the last
    ``last`` lines only, when given)."""
    from tutor.core.text import printable

    rows = printable(text).rstrip().splitlines() or [""]
    for row in rows[-last:] if last else rows:
        print(indent + row)


def _label(check: CheckResult) -> str:
    from tutor.core.text import printable

    return printable(check.name) + (" (hidden)" if check.hidden else "")


def _print_result(result: ExerciseResult, path: Path) -> None:
    """A result for people, in the order the app shows it: what stopped the run, or one cause said
    once; else each cause (the first failing check first) with the checks it explains, then
    what passed."""
    from tutor.core.results import Verdict
    from tutor.core.text import printable

    fail, ok = _color("✗", "31"), _color("✓", "32")
    cause = None if result.error else result.single_cause
    if result.error or cause is not None:
        if cause is None:
            message, detail = result.error or "", next((c.detail for c in result.checks if c.detail), "")
        else:
            message, detail = cause.message, cause.detail
        print(f"  {fail} all {len(result.checks)} checks: " + printable(message).replace("\n", " "))
        if detail.strip():
            _lines(detail, "      | ", last=8)
    else:
        for finding in result.findings:
            check = finding.first
            print(f"  {fail} {_label(check)}")
            _lines(check.message, "      ")
            if finding.diagnosis:
                print("      " + _color("Likely mistake: " + printable(finding.diagnosis).replace("\n", " "), "33"))
            if check.seed is not None and check.verdict == Verdict.WRONG:
                print(f"      (inputs drawn with seed {check.seed})")
            if check.detail.strip():
                _lines(check.detail, "      | ", last=8)
            if finding.others:
                why = "This mistake also explains" if finding.diagnosis else "The same message for"
                print(f"      {why}: " + ", ".join(_label(other) for other in finding.others))
        for check in result.checks:
            if check.passed:
                print(f"  {ok} {_label(check)}")
    if result.output.strip():
        print("\n  Your code printed:")
        _lines(result.output, "    ", last=15)
    headline = str(result.headline)
    print(f"\n{_color(headline, _HEADLINE_COLOR[headline])} {printable(result.summary)} "
          f"({printable(str(path))}, {result.elapsed_ms:.0f} ms)")


def cmd_check(args: argparse.Namespace) -> int:
    from tutor.core.launch import launch_early

    launch_early()  # the process that runs learner code starts while this one loads the pack
    from tutor.core.grading import grade_file
    from tutor.core.manifest import PackError
    from tutor.core.text import printable

    if args.exercise is not None:
        tutor, pack, exercise = _tutor_with(args)
    else:  # the current exercise: the first not done
        tutor = _tutor(args)
        current = tutor.next_exercise()
        if current is None:
            if args.file:
                raise UsageError("every exercise is done: name the one to check the file against")
            print("Every exercise is done. Name one to check it again: latent-tutor check EXERCISE", file=sys.stderr)
            return EXIT_OK
        pack, exercise = current
        print(f"Checking {exercise.id}, the first exercise not done yet.", file=sys.stderr)
    path = Path(args.file).expanduser().resolve() if args.file else tutor.path(pack, exercise)
    try:
        result = grade_file(exercise, path, seed=args.seed)
    except PackError as exc:
        raise UsageError(f"the pack's checks for {exercise.id} are broken:\n{exc}") from None
    finished_pack = False
    if not args.file:
        was_done = tutor.pack_done(pack)
        tutor.progress.record_attempt(pack.name, exercise.id, passed=result.passed, score=result.run_score,
                                      elapsed_ms=result.elapsed_ms, public_passed=result.public_passed)
        finished_pack = result.passed and not was_done and tutor.pack_done(pack)
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print(f"{exercise.title} ({exercise.id})")
        _print_result(result, path)
        if finished_pack:
            _print_course_end(tutor, pack)
        elif result.passed and not args.file:
            _print_next(tutor, exercise)
    warning = result.isolation_warning
    if warning:
        sys.stdout.flush()
        print(_color("warning: ", "33", sys.stderr) + printable(warning), file=sys.stderr)
    return EXIT_OK if result.passed else EXIT_FAIL


def _print_next(tutor: Course, exercise: Exercise) -> None:
    """After a pass: the command that leads on."""
    target = tutor.next_exercise(exercise)
    if target is not None and target[1].id != exercise.id:
        print(f"\nNext: {target[1].title}. Run `latent-tutor check` (it checks {target[1].id}, "
              f"in {tutor.workspace.relative(*target)}).")


def _print_course_end(tutor: Course, pack: Pack) -> None:
    """The pack's final text and the learner's record, when its last exercise has just passed."""
    from tutor.core.summary import course_summary, duration
    from tutor.core.text import printable

    summary = course_summary(pack, tutor.progress)
    print("\n" + _color(f"You finished {printable(pack.title)}!", "32;1"))
    if summary.final:
        print("\n" + printable(" ".join(summary.final.split())))
    width = max(len(printable(r.title)) for r in summary.exercises)
    print(f"\n  {'exercise':<{width}}  checks  hints  time to pass")
    for record in summary.exercises:
        print(f"  {printable(record.title):<{width}}  {record.attempts:>6}  {record.hints:>5}  "
              f"{duration(record.seconds)}")
    print(f"  {'all ' + str(len(summary.exercises)):<{width}}  {summary.attempts:>6}  {summary.hints:>5}  "
          f"{duration(summary.seconds)}")


def cmd_hint(args: argparse.Namespace) -> int:
    tutor, pack, exercise = _tutor_with(args)
    if not exercise.hints:
        print(f"{exercise.id} has no hints.")
        return EXIT_OK
    shown = tutor.progress.reveal_hint(pack.name, exercise.id, len(exercise.hints))
    for number, hint in enumerate(exercise.hints[:shown], 1):
        print(f"Hint {number} of {len(exercise.hints)}: {hint}")
    if shown < len(exercise.hints):
        print(f"\n(run `latent-tutor hint {exercise.id}` again for the next hint)")
    return EXIT_OK


def cmd_reset(args: argparse.Namespace) -> int:
    tutor, pack, exercise = _tutor_with(args)
    backup = tutor.workspace.reset(pack, exercise)
    print(f"Reset {tutor.path(pack, exercise)} to the starting stub.")
    if backup:
        print(f"Your previous version is kept at {backup}")
    return EXIT_OK


def cmd_solution(args: argparse.Namespace) -> int:
    tutor, pack, exercise = _tutor_with(args)
    solution = pack.solution(exercise)
    if solution is None:
        raise UsageError(f"the pack {pack.name!r} carries no solution for {exercise.id}")
    if not args.force and not tutor.exercise_progress(pack, exercise).passes:
        print(f"The solution opens once your file passes `latent-tutor check {exercise.id}`; "
              f"use --force to see it anyway.", file=sys.stderr)
        return EXIT_FAIL
    print(solution.read_text(encoding="utf-8"), end="")
    return EXIT_OK


def cmd_app(args: argparse.Namespace) -> int:
    from tutor.app import run

    return run(workspace=args.workspace, packs=args.pack)


# -- parser --------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", metavar="DIR", default=argparse.SUPPRESS,
                        help="the folder of your exercise files (default: $LATENT_TUTOR_WORKSPACE, "
                             "else ~/Documents/latent-tutor)")
    common.add_argument("--pack", metavar="DIR", action="append", default=argparse.SUPPRESS,
                        help="load a lesson pack from DIR (repeatable)")
    parser = argparse.ArgumentParser(
        prog="latent-tutor", parents=[common],
        description="A terminal tutor for the linear algebra behind latent factors. "
                    "With no command, opens the tutor.")
    parser.add_argument("--version", action="version", version=f"latent-tutor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("list", parents=[common], help="lessons and exercises with your progress")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("check", parents=[common], help="run an exercise's checks on your file")
    p.add_argument("exercise", nargs="?", help="exercise id, e.g. svd-truncate (default: the first not done yet)")
    p.add_argument("--file", metavar="PATH", help="check this file instead of the workspace's")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.add_argument("--seed", type=int, default=0, help="base seed of the checks' random inputs (default 0)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("hint", parents=[common], help="show the next hint for an exercise")
    p.add_argument("exercise")
    p.set_defaults(func=cmd_hint)

    p = sub.add_parser("reset", parents=[common], help="put an exercise's stub back (your file is backed up)")
    p.add_argument("exercise")
    p.set_defaults(func=cmd_reset)

    p = sub.add_parser("solution", parents=[common], help="show the reference solution once you have passed")
    p.add_argument("exercise")
    p.add_argument("--force", action="store_true", help="show it even before passing")
    p.set_defaults(func=cmd_solution)

    from tutor.cli_data import add_data_commands
    from tutor.cli_instructor import add_instructor_commands

    add_instructor_commands(sub, common)
    add_data_commands(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.workspace = getattr(args, "workspace", None)
    args.pack = getattr(args, "pack", None) or []
    func = getattr(args, "func", cmd_app)
    try:
        return func(args)
    except UsageError as exc:
        print(_color("error: ", "31", sys.stderr) + str(exc), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`check ID --json | head`): nothing more to say
        _silence_stdout()
        return EXIT_BROKEN_PIPE


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the final flush after a broken pipe stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def entry() -> None:
    """The `latent-tutor` command: run `main`, flush, and leave without tearing the interpreter
    down, which costs tens of milliseconds once NumPy is loaded. Everything worth keeping is
    already written by then: progress commits per transaction, files are written atomically."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`latent-tutor list | head`)
            pass
    os._exit(code)
