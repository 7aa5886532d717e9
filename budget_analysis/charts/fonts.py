"""A CJK font for matplotlib, so that charts show 社会保障 rather than empty boxes.

DejaVu Sans stays first in the family list: digits, Latin letters and the minus sign come from it, and
matplotlib falls back glyph by glyph to the CJK family for Chinese.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

from ..errors import BudgetAnalysisError

# Families that cover simplified Chinese, best first (system installs, then the bundled pip package).
CANDIDATES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
              "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC")
INSTALL_HINT = ("no CJK font found for matplotlib: install one, e.g. `pip install pylopdf-fonts-zh-cn` "
                "(ships Noto Sans SC), or `apt-get install fonts-noto-cjk` / `fonts-wqy-zenhei`")


class FontNotFoundError(BudgetAnalysisError):
    """No font able to draw Chinese is installed."""


def _bundled_font() -> Path | None:
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.exists() else None


def cjk_family() -> str:
    """The name of an installed CJK family, registering the bundled Noto Sans SC if the system has none."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CANDIDATES:
        if name in installed:
            return name
    path = _bundled_font()
    if path is None:
        raise FontNotFoundError(INSTALL_HINT)
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def use_cjk(family: str | None = None) -> str:
    """Put DejaVu Sans then the CJK family in rcParams (call after `sns.set_theme()`, which resets fonts)."""
    family = family or cjk_family()
    # A list of real families, not the generic "sans-serif": only then does matplotlib fall back per glyph.
    mpl.rcParams["font.family"] = ["DejaVu Sans", family]
    mpl.rcParams["font.sans-serif"] = list(dict.fromkeys(["DejaVu Sans", family, *mpl.rcParams["font.sans-serif"]]))
    mpl.rcParams["axes.unicode_minus"] = True
    return family
