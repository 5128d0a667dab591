"""Cold start to an interactive lesson map, against a minimal Textual app started the same way.

Each run is a fresh interpreter (`python -c ...`) that runs the app headless at 80x24 and, when
the app is ready (first screen painted and accepting input; for the tutor: the lesson map with
every lesson and its progress), prints a marker and exits. The time is measured in this process
from just before the child is spawned to the marker, so it includes interpreter start-up and
every import. Runs alternate tutor / baseline so both see the same machine state.

Prints one line per run, then, as the last line, a JSON object:
{"startup_p50_ms": ..., "startup_p90_ms": ..., "baseline_p50_ms": ..., "ratio": ..., "runs": N}
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARKER = "READY"

TUTOR = """
from tutor.app import TutorApp
from tutor.screens.lesson_map import LessonMapScreen


class Bench(TutorApp):
    def on_ready(self) -> None:
        self.call_after_refresh(self.done)

    def done(self) -> None:
        screen = self.screen
        assert isinstance(screen, LessonMapScreen), screen
        assert screen.query_one("#lessons").option_count > 0
        print("READY", flush=True)
        self.exit()


Bench(workspace={workspace!r}).run(headless=True, size=(80, 24))
"""

WELCOMED = """
from tutor.app import WELCOMED
from tutor.core.course import Course

tutor = Course({workspace!r})
tutor.progress.set_setting(WELCOMED, "bench")
tutor.close()
"""

BASELINE = """
from textual.app import App
from textual.widgets import Footer, Header, OptionList


class Bench(App):
    def compose(self):
        yield Header()
        yield OptionList("one", "two", "three")
        yield Footer()

    def on_ready(self) -> None:
        self.call_after_refresh(self.done)

    def done(self) -> None:
        print("READY", flush=True)
        self.exit()


Bench().run(headless=True, size=(80, 24))
"""


def time_child(code: str, env: dict[str, str]) -> float:
    """Milliseconds from spawning the child to its READY line."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             cwd=REPO, env=env, text=True)
    assert child.stdout is not None
    for line in child.stdout:
        if line.strip() == MARKER:
            elapsed = (time.perf_counter() - started) * 1000
            break
    else:
        child.wait()
        raise RuntimeError(f"the child never became ready:\n{child.stderr.read() if child.stderr else ''}")
    child.wait(timeout=30)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("LATENT_TUTOR_PACKS", None)
    with tempfile.TemporaryDirectory(prefix="latent-tutor-bench-") as tmp:
        workspace = Path(tmp) / "workspace"
        tutor_code = TUTOR.format(workspace=str(workspace))
        # A returning learner: the workspace exists and the welcome was seen (a first start of the app
        # shows the welcome dialog instead).
        subprocess.run([sys.executable, "-m", "tutor", "--workspace", str(workspace), "list"], env=env,
                       capture_output=True, check=True)
        subprocess.run([sys.executable, "-c", WELCOMED.format(workspace=str(workspace))], env=env, cwd=REPO, check=True)
        time_child(tutor_code, env)  # opens the progress store; warms the disk cache
        time_child(BASELINE, env)
        tutor, baseline = [], []
        for run in range(args.runs):
            tutor.append(time_child(tutor_code, env))
            baseline.append(time_child(BASELINE, env))
            print(f"run {run + 1}: tutor {tutor[-1]:.0f} ms, baseline {baseline[-1]:.0f} ms", file=sys.stderr)
    p50, base = statistics.median(tutor), statistics.median(baseline)
    p90 = statistics.quantiles(tutor, n=10)[-1] if len(tutor) > 1 else tutor[0]
    print(json.dumps({"startup_p50_ms": round(p50, 1), "startup_p90_ms": round(p90, 1),
                      "baseline_p50_ms": round(base, 1), "ratio": round(p50 / base, 2), "runs": args.runs}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
