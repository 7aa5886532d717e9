"""Charts: the data behind each one equals the analysis, and Chinese renders with real glyphs."""
import io
import warnings

import matplotlib
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from budget_analysis import analysis as an, charts  # noqa: E402
from budget_analysis.charts import fonts  # noqa: E402

# A missing glyph is reported from the caller's module, not from matplotlib.*: catch it by its message.
pytestmark = pytest.mark.filterwarnings("error:Glyph:UserWarning")


def render(fig):
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


@pytest.mark.parametrize("chart,expected", [
    (charts.change_waterfall, an.change_drivers),
    (charts.economic_mix_chart, an.economic_mix),
    (charts.spending_split_chart, an.spending_split),
    (charts.coverage_chart, an.performance_coverage),
    (charts.functional_mix_chart,
     lambda d: pd.concat([an.functional_mix(d, 1), an.functional_mix(d, 2)], ignore_index=True)),
])
def test_chart_data_is_the_analysis(sample, chart, expected):
    fig = chart(sample)
    assert_frame_equal(fig.data, expected(sample))
    render(fig)


def test_charts_accept_the_analysis_frame(sample):
    frame = an.spending_split(sample)
    fig = charts.spending_split_chart(frame)
    assert fig.data is frame
    render(fig)


def test_waterfall_runs_from_last_year_to_this_year(sample):
    fig = charts.change_waterfall(sample)
    bars = fig.axes[0].patches
    assert bars[0].get_width() == pytest.approx(11392.91)
    assert bars[-1].get_width() == pytest.approx(13349.12)
    assert bars[1].get_x() == pytest.approx(11392.91) and bars[1].get_width() == pytest.approx(1000)
    render(fig)


def test_coverage_title_states_covered_money(sample):
    fig = charts.coverage_chart(sample)
    assert "66.40 / 13,110.40 万元" in fig.axes[0].get_title() and "9 of 12" in fig.axes[0].get_title()
    render(fig)


def test_all_charts_render_chinese_without_missing_glyphs(sample):
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        for fig in charts.all_charts(sample).values():
            render(fig)


def test_a_glyph_no_font_has_fails_the_test():
    fig, ax = plt.subplots()
    ax.set_title("\ue000")  # private use area: in no font
    with pytest.raises(UserWarning, match="missing from font"):
        render(fig)


def test_font_family_keeps_dejavu_first():
    with charts.chart_style():
        assert matplotlib.rcParams["font.family"][:2] == ["DejaVu Sans", charts.FONT]
    assert charts.FONT in fonts.CANDIDATES


def test_importing_the_charts_changes_no_global_setting():
    import subprocess
    import sys
    code = ("import matplotlib as mpl; before = dict(mpl.rcParams); "
            "import budget_analysis.charts, budget_analysis.charts.compare; "
            "changed = [k for k, v in mpl.rcParams.items() if before[k] != v]; assert not changed, changed")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_cjk_font_raises_with_install_hint(monkeypatch):
    manager = fonts.font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist", [f for f in manager.ttflist if f.name not in fonts.CANDIDATES])
    monkeypatch.setattr(fonts, "_bundled_font", lambda: None)
    with pytest.raises(fonts.FontNotFoundError, match="pip install pylopdf-fonts-zh-cn"):
        fonts.cjk_family()
