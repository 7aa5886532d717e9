"""Charts with real CJK glyphs: one document's (`document`), across years (`compare`); fonts and style.

    from budget_analysis import charts
    charts.change_waterfall(doc)      # each returns a Figure with the plotted frame as fig.data
"""
from .document import (FONT, all_charts, change_waterfall, coverage_chart, economic_mix_chart, functional_mix_chart,
                       spending_split_chart, wan)
from .style import chart_style

__all__ = ["FONT", "all_charts", "change_waterfall", "coverage_chart", "economic_mix_chart", "functional_mix_chart",
           "spending_split_chart", "wan", "chart_style"]
