"""Find a document given as a path relative to a notebook, from wherever the notebook runs."""
from __future__ import annotations

from pathlib import Path


def resolve_doc_path(path: str | Path, start: str | Path | None = None) -> Path:
    """`path` as given if it exists, else the same path (without leading ../) under `start` or an ancestor.

    Notebooks say `../data/raw/x.txt`; that holds when run from notebooks/ (JupyterLab, papermill with cwd) but
    not from the repository root, where `data/raw/x.txt` is meant."""
    path = Path(path).expanduser()
    if path.is_absolute() or path.exists():
        return path
    tail = Path(*[p for p in path.parts if p not in ("..", ".")])
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / tail).exists():
            return folder / tail
    raise FileNotFoundError(f"{path}: not found from {here} or any folder above it")
