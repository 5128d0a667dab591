"""How isolated learner code is on this machine, asked of a real learner process."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.core.engine import LearnerProcess
from tutor.core.model import Limits
from tutor.core.results import Isolation, IsolationLevel, LearnerProblem
from tutor.core.zygote import ZygoteError, shared


@dataclass(frozen=True)
class Probe:
    """What one learner process on this machine holds, and why the rest failed."""

    isolation: Isolation
    layers: tuple[str, ...]
    notes: tuple[str, ...]


def probe(limits: Limits | None = None) -> Probe:
    """How isolated learner code is on this machine: a learner process is started and asked."""
    process = LearnerProcess("", "probe.py", limits or Limits())
    try:
        process.start((limits or Limits()).call_timeout)
    except LearnerProblem as problem:
        return Probe(Isolation(IsolationLevel.NONE, (f"no learner process could start: {problem.message}",)), (), ())
    finally:
        process.close()
    assert process.isolation is not None
    return Probe(process.isolation, tuple(sorted(process.layers)), tuple(process.isolation_notes))


def grading_isolation(pack_roots: list[Path]) -> Isolation:
    """The isolation a class would be graded with: a learner process's layers, and whether
    every pack lies outside what learner code may read."""
    found = probe().isolation
    visible = exposed(pack_roots)
    if not visible:
        return found
    missing = (*found.missing, *(f"the pack at {p} lies in a folder learner code can read" for p in visible))
    return Isolation(IsolationLevel.PARTIAL if found.full else found.level, missing)


def exposed(paths: list[Path]) -> list[Path]:
    """Those of ``paths`` (pack roots) that learner code could read: inside a tree it is allowed
    to read, and not hidden."""
    try:
        plan = shared().ready()
    except ZygoteError:
        return []
    grants, holes = plan.get("grants", []), plan.get("holes", [])

    def inside(path: str, folder: str) -> bool:
        return path == folder or path.startswith(folder.rstrip("/") + "/")

    found = []
    for path in paths:
        text = str(Path(path).resolve())
        if any(inside(text, g) for g in grants) and not any(inside(text, h) for h in holes):
            found.append(path)
    return found
