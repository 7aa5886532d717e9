"""One look for every chart, applied inside a context: importing a chart module changes no global setting."""
from __future__ import annotations

import functools
from contextlib import contextmanager

import matplotlib as mpl
import seaborn as sns

from .fonts import cjk_family, use_cjk

_DEEP = sns.color_palette("deep")
COLORS = {"increase": _DEEP[0], "decrease": _DEEP[1], "total": (0.55, 0.55, 0.55), "unexplained": _DEEP[8],
          "personnel": _DEEP[0], "public": _DEEP[2], "project": _DEEP[1], "covered": _DEEP[2],
          "uncovered": _DEEP[3], "quantified": _DEEP[2], "qualitative": _DEEP[8], "placeholder": _DEEP[3]}


@contextmanager
def chart_style():
    """The seaborn whitegrid theme and DejaVu Sans + the CJK family, for the duration of the block."""
    with mpl.rc_context():
        sns.set_theme(style="whitegrid", context="notebook", palette="deep")
        use_cjk()
        yield


def styled(fn):
    """Draw `fn`'s figure inside chart_style()."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with chart_style():
            return fn(*args, **kwargs)
    return wrapper


def font() -> str:
    return cjk_family()
