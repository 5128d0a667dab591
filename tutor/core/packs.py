"""Find lesson packs: the built-in one, --pack folders, $LATENT_TUTOR_PACKS, and installed packages
registered under the entry-point group ``latent_tutor.packs``.

Packs are found and their manifests read without importing any check module. A pack that cannot
be loaded becomes a warning naming it; the others load.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from tutor.core.manifest import MANIFEST, PackError, load_pack
from tutor.core.model import Pack

ENV_VAR = "LATENT_TUTOR_PACKS"
ENTRY_POINT_GROUP = "latent_tutor.packs"


def builtin_root() -> Path:
    """The built-in pack: inside the installed package, or the repository root in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_builtin"
    return installed if (installed / MANIFEST).is_file() else package.parent


@dataclass(frozen=True)
class PackSource:
    root: Path
    origin: str
    """Where it came from, for messages: "built-in", "--pack", "$LATENT_TUTOR_PACKS", "entry point NAME"."""


def entry_point_sources() -> tuple[list[PackSource], list[str]]:
    """Packs of installed packages, located without importing them."""
    from importlib.metadata import entry_points  # scans site-packages: only when asked

    sources, warnings = [], []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            spec = importlib.util.find_spec(ep.module)
            locations = list(spec.submodule_search_locations or []) if spec else []
            if not locations:
                raise ImportError(f"{ep.module} is not an installed package folder")
            sources.append(PackSource(Path(locations[0]), f"entry point {ep.name!r}"))
        except (ImportError, ValueError, AttributeError) as exc:
            warnings.append(f"pack {ep.name!r} (entry point {ep.value}) could not be located: {exc}")
    return sources, warnings


def pack_sources(extra: list[str | os.PathLike[str]] | None = None, *, builtin: bool = True,
                 installed: bool = True) -> tuple[list[PackSource], list[str]]:
    sources = [PackSource(builtin_root(), "built-in")] if builtin else []
    sources += [PackSource(Path(p), "--pack") for p in extra or []]
    sources += [PackSource(Path(p), f"${ENV_VAR}") for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    warnings: list[str] = []
    if installed:
        found, warnings = entry_point_sources()
        sources += found
    return sources, warnings


def load_packs(sources: list[PackSource]) -> tuple[list[Pack], list[str]]:
    """Load each source; duplicates (same folder or same pack name) load once, with a warning."""
    packs: list[Pack] = []
    warnings: list[str] = []
    seen_roots: set[Path] = set()
    for source in sources:
        root = source.root.expanduser().resolve()
        if root in seen_roots:
            continue
        seen_roots.add(root)
        try:
            pack = load_pack(root)
        except PackError as exc:
            warnings.append(f"pack at {root} ({source.origin}) was not loaded:\n  "
                            + "\n  ".join(map(str, exc.problems)))
            continue
        clash = next((p for p in packs if p.name == pack.name), None)
        if clash:
            warnings.append(f"pack at {root} ({source.origin}) was not loaded: "
                            f"its name {pack.name!r} is taken by {clash.root}")
            continue
        ids = {ex.id for p in packs for ex in p.exercises}
        dupes = sorted(ex.id for ex in pack.exercises if ex.id in ids)
        if dupes:
            warnings.append(f"pack {pack.name!r} at {root} ({source.origin}) was not loaded: "
                            f"exercise ids already taken: {', '.join(dupes)}")
            continue
        packs.append(pack)
    return packs, warnings
