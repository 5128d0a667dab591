"""From a save to the verdict on screen, in the running app, against the grading call alone.

The app runs headless at 80x24 on the built-in pack's svd-truncate. Each round saves the
learner's file, alternating a wrong and a right answer so every save has a new verdict:
- ``app_save``: ctrl+s in the app's editor, until the verdict line changes;
- ``outside_save``: another program writes the file (as an editor beside the app would),
  until the verdict changes: the file watcher and the check scheduler's debounce included;
- ``baseline``: the same check as one call to the warm grading worker, in the same run.

Prints one line per round, then, as the last line, a JSON object:
{"app_save_p50_ms": ..., "outside_save_p50_ms": ..., "grade_call_p50_ms": ..., "app_overhead_ms": ...,
"outside_overhead_ms": ..., "rounds": N}
Usage: python bench/save_latency.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tutor.app import WELCOMED, TutorApp  # noqa: E402
from tutor.core.course import Course  # noqa: E402

EXERCISE = "svd-truncate"
RIGHT = (REPO / "solutions" / "02_svd" / "svd_truncate.py").read_text()
WRONG = (REPO / "variants" / "svd_truncate" / "off_by_one.py").read_text()


async def _until(condition, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("no verdict within 30 s")
        await asyncio.sleep(0.002)


async def measure(workspace: Path, rounds: int) -> dict[str, list[float]]:
    app = TutorApp(workspace=workspace, packs=[], installed=False)
    times: dict[str, list[float]] = {"app_save": [], "outside_save": [], "grade_call": []}
    async with app.run_test(size=(80, 24)) as pilot:
        pack, exercise = app.course.find(EXERCISE)
        app.open_exercise(pack, exercise)
        await pilot.pause()
        screen = app.screen
        await _until(lambda: getattr(screen, "last_result", None) is not None)
        path = app.course.path(pack, exercise)
        for number in range(rounds):
            for kind in ("app_save", "outside_save"):
                text = (RIGHT if len(times[kind]) % 2 else WRONG) + f"\n# round {number}, {kind}\n"
                before = screen.last_result
                started = time.perf_counter()
                if kind == "app_save":
                    screen.query_one("#editor").load_text(text)
                    await pilot.press("ctrl+s")
                else:
                    path.write_text(text)
                await _until(lambda: screen.last_result is not before)  # noqa: B023 (awaited in this round)
                times[kind].append((time.perf_counter() - started) * 1000)
                await pilot.pause(0.3)  # let the watcher's report of this save pass
            started = time.perf_counter()
            await asyncio.to_thread(app.grader.grade, pack.root, EXERCISE, path)
            times["grade_call"].append((time.perf_counter() - started) * 1000)
            print(f"round {number + 1}: " + ", ".join(f"{k} {v[-1]:.0f} ms" for k, v in times.items()), file=sys.stderr)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="latent-tutor-bench-") as tmp:
        workspace = Path(tmp) / "workspace"
        tutor = Course(workspace, [], installed=False)
        tutor.ensure_workspace()
        tutor.progress.set_setting(WELCOMED, "bench")
        tutor.close()
        times = asyncio.run(measure(workspace, args.rounds))
    p50 = {kind: statistics.median(values) for kind, values in times.items()}
    print(json.dumps({"app_save_p50_ms": round(p50["app_save"], 1),
                      "outside_save_p50_ms": round(p50["outside_save"], 1),
                      "grade_call_p50_ms": round(p50["grade_call"], 1),
                      "app_overhead_ms": round(p50["app_save"] - p50["grade_call"], 1),
                      "outside_overhead_ms": round(p50["outside_save"] - p50["grade_call"], 1), "rounds": args.rounds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
