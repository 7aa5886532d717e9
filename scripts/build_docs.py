"""Regenerate the generated parts of docs/contract.md (the table of checks, from checks/registry.py).

    .venv/bin/python scripts/build_docs.py
"""
from __future__ import annotations

import re
from pathlib import Path

from budget_analysis.checks.registry import markdown

CONTRACT = Path(__file__).resolve().parents[1] / "docs" / "contract.md"
BLOCK = re.compile(r"(<!-- checks:start -->\n).*?(<!-- checks:end -->)", re.S)


def render(text: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + markdown() + "\n" + m.group(2), text)


if __name__ == "__main__":
    CONTRACT.write_text(render(CONTRACT.read_text(encoding="utf-8")), encoding="utf-8")
    print(CONTRACT)
