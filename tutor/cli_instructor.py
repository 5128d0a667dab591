"""The instructor's subcommands: `pack new`, `pack validate`, `pack release`, and `grade` (whose
code is in `tutor.cli_grade`).

Like `tutor.cli`, this module imports only the standard library at the top; each command
imports the core modules it needs when it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

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


# -- isolation -----------------------------------------------------------------------------

def cmd_isolation(args: argparse.Namespace) -> int:
    """`isolation [--json]`: how isolated learner code is on this machine, layer by layer."""
    from tutor.core.isolation import LAYERS, REQUIRED, forced_off
    from tutor.core.launch import OFF_ENV
    from tutor.core.probe import probe

    found, off = probe(), forced_off()
    if args.json:
        print(json.dumps({**found.isolation.to_json(), "layers": list(found.layers), "notes": list(found.notes)},
                         indent=2))
        return EXIT_OK if found.isolation.full else EXIT_FAIL
    print(f"Isolation of learner code on this machine: {found.isolation.level.value.upper()}")
    for name, words in LAYERS.items():
        if name == "user" and os.getuid() == 0:
            continue  # root makes the other namespaces without one
        held = name in found.layers
        mark = _color("✓", "32") if held else _color("✗", "31" if name in REQUIRED else "33")
        why = f" (switched off by {OFF_ENV})" if name in off else "" if name in REQUIRED or held else " (optional)"
        print(f"  {mark} {words}{why}")
    for note in found.notes:
        print(f"    {note}")
    if not found.isolation.full:
        print(f"\n{found.isolation.warning}.\n`latent-tutor grade` refuses to run here unless given "
              "--allow-weak-isolation.")
    return EXIT_OK if found.isolation.full else EXIT_FAIL


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

    p = sub.add_parser("isolation", help="how isolated learner code is on this machine, layer by layer")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_isolation)

    from tutor.cli_grade import add_grade_command

    add_grade_command(sub, common)
