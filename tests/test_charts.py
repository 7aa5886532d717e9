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
    (charts.coverage_chart, lambda d: charts.document.credited_once(an.performance_coverage(d))),
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
    assert "66.40 / 13,110.40 万元" in fig.axes[0].get_title() and "9/12 个项目" in fig.axes[0].get_title()
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


def test_charts_are_chinese_legible_and_honest(sample):
    """issue 16: titles and labels in Chinese only, no bare unit code on an axis, no text under 9 pt, the
    coverage money on a linear scale and the waterfall's axis from 0."""
    import re
    figs = charts.all_charts(sample)
    for name, fig in figs.items():
        texts = [t for t in fig.findobj(plt.Text) if t.get_text().strip()]
        for t in texts:
            assert t.get_fontsize() >= 9, (name, t.get_text(), t.get_fontsize())
            assert not re.search(r"[A-Za-z]{3,}", t.get_text()), (name, t.get_text())
        for ax in fig.axes:
            assert not any(re.fullmatch(r"\d{6}", t.get_text()) for t in ax.get_yticklabels()), name
        assert fig.get_size_inches()[0] <= 8.0, name  # 800 px at the report's 100 dpi: not shrunk on a desktop
    assert figs["coverage"].axes[0].get_xscale() == "linear"
    assert figs["change_waterfall"].axes[0].get_xlim()[0] <= 0
    assert [t.get_text() for t in figs["spending_split"].axes[0].get_yticklabels()] == [
        "子洲县机关事业单位和居民养老保险经办中心"]
    for fig in figs.values():
        plt.close(fig)


def test_a_category_table_is_credited_once():
    """西安市气象局 2022: one 其他履职经费 target table (34 indicators) covers 6 projects; the chart counts its
    indicators once, not 6 × 34."""
    from conftest import CORPUS, loaded, needs_corpus  # noqa: F401
    path = CORPUS / "shaanxi" / "shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf"
    if not path.exists():
        pytest.skip("corpus not present")
    doc = loaded(path)
    raw = an.performance_coverage(doc)
    assert raw["n_indicators"].sum() == 6 * 34  # what the analysis gives per project
    drawn = charts.coverage_chart(doc).data
    assert drawn["n_indicators"].sum() == 34 and (drawn["shared_with"] == "其他履职经费").sum() == 5
    plt.close("all")


def test_share_slope_leaves_an_unstated_year_unknown():
    """issue 16: notebook 05 on the sample drew 208 from 0 % (the stated 2023 baseline says nothing of it) to
    99.8 %. A year without a figure gets no point and no line; one year alone gets points only."""
    from budget_analysis.charts import compare as cc
    df = pd.DataFrame({"code": ["", "208", "221"], "name": ["合计", "社会保障和就业支出", "住房保障支出"],
                       "level": [0, 1, 1], "2023": [100.0, None, 40.0], "2024": [200.0, 199.6, 0.4]})
    fig = cc.share_slope(df)
    ax = fig.axes[0]
    drawn = [ln.get_ydata() for ln in ax.get_lines()]
    assert not any(len(y) == 2 and 0 in list(y) for y in drawn)  # no slope from 0 %
    assert sum(len(y) == 2 for y in drawn) == 1  # only 221, printed in both years
    single = cc.share_slope(df.drop(columns="2023"))
    assert all(len(ln.get_ydata()) == 1 for ln in single.axes[0].get_lines()) and "仅 2024 年" in single._suptitle.get_text()
    plt.close("all")
