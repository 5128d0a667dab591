"""The core stays headless and the check path stays light: checked in a fresh interpreter."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def modules_after(statement: str) -> set[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    return set(json.loads(out))


def test_core_imports_no_textual_rich_or_sympy():
    loaded = modules_after("import tutor.core.grading, tutor.core.course, tutor.core.validate, "
                           "tutor.core.service, tutor.checks")
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "rich", "sympy"}}


def test_the_check_command_path_imports_no_ui():
    loaded = modules_after("import tutor.cli\nimport tutor.core.grading")
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "rich", "sympy", "platformdirs"}}


def test_the_core_is_self_contained():
    """Every core module imports only the core (and libraries), never the UI, CLI or author APIs."""
    modules = sorted(f"tutor.core.{p.stem}" for p in (REPO / "tutor" / "core").glob("*.py") if p.stem != "__init__")
    loaded = modules_after("import " + ", ".join(modules))
    outside = {m for m in loaded if m.startswith("tutor.") and not m.startswith("tutor.core")}
    assert not outside, outside


def test_no_module_imports_itself_back():
    """No import cycle anywhere in the package, type-only and function-level imports included
    (the import-linter contracts check the layers; this checks every pair)."""
    import grimp

    graph = grimp.build_graph("tutor")
    cycles = sorted({tuple(sorted((module, imported))) for module in graph.modules
                     for imported in graph.find_modules_directly_imported_by(module)
                     if graph.find_shortest_chain(importer=imported, imported=module)})
    assert cycles == []
