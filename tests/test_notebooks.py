"""The notebooks run top to bottom with papermill on the founding sample and on one Xi'an PDF.

They run in the `python3` kernel, which jupyter_client starts with the interpreter running the tests (the
venv's: ipykernel installs its `python3` spec into the venv, with `python` in argv replaced by sys.executable),
so no `ipykernel install` is needed in a clean clone.
"""
import json
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest

ROOT = Path(__file__).resolve().parents[1]
# The analysis notebooks (report.ipynb is rendered by tests/test_report.py).
NAMES = ["01_extract_and_check", "02_change_drivers", "03_functional_mix", "04_performance_coverage",
         "05_year_over_year"]
NOTEBOOKS = [ROOT / "notebooks" / f"{name}.ipynb" for name in NAMES]
XIAN_PDF = (Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "shaanxi"
            / "shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf")
MISSING_GLYPH = "missing from font"


def test_the_analysis_notebooks_exist():
    assert all(p.exists() for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs_with_a_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and params[0].source.startswith('doc_path = "../data/raw/')
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_python3_kernel_is_this_interpreter(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.executable)")])
    src, out = tmp_path / "probe.ipynb", tmp_path / "probe.out.ipynb"
    nbformat.write(nb, src)
    pm.execute_notebook(str(src), str(out), kernel_name="python3", progress_bar=False)
    printed = nbformat.read(out, as_version=4).cells[0].outputs[0]["text"].strip()
    assert Path(printed).absolute() == Path(sys.executable).absolute()


def _streams(nb) -> str:
    return json.dumps([o for c in nb.cells if c.cell_type == "code" for o in c.outputs], ensure_ascii=False)


def _run(path: Path, out: Path, parameters: dict) -> nbformat.NotebookNode:
    pm.execute_notebook(str(path), str(out), parameters=parameters, kernel_name="python3",
                        cwd=str(path.parent), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    assert MISSING_GLYPH not in _streams(nb), f"{path.name}: a chart drew a character no font has"
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_the_founding_sample(path, tmp_path):
    nb = _run(path, tmp_path / path.name, {})  # the default doc_path, relative to notebooks/
    assert "子洲县机关事业单位和居民养老保险经办中心" in _streams(nb)
    assert any(o.get("data", {}).get("image/png") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.fixture(scope="module")
def xian_pdf():
    if not XIAN_PDF.exists():
        pytest.skip("../shared/corpus not present")
    return XIAN_PDF  # a reader that cannot load it fails the notebook run, not a skip


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_a_xian_pdf(path, tmp_path, xian_pdf):
    nb = _run(path, tmp_path / path.name, {"doc_path": str(xian_pdf)})
    assert "西安市气象局" in _streams(nb)


# 06_execution reads a 决算 (issue 17): by default the Shanghai Putuo finance bureau 2024 决算 of ../shared/wide
EXECUTION = ROOT / "notebooks" / "06_execution.ipynb"
PUTUO_FINAL = ROOT.parent / "shared" / "wide" / "shanghai" / "shanghai_putuo_finance_bureau_2024_dept_final_accounts.pdf"


def test_execution_notebook_stored_without_outputs():
    nb = nbformat.read(EXECUTION, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_execution_notebook_runs_on_a_final_accounts(tmp_path):
    if not PUTUO_FINAL.exists():
        pytest.skip("../shared/wide not present")
    nb = _run(EXECUTION, tmp_path / EXECUTION.name, {})
    out = _streams(nb)
    assert "上海市普陀区财政局" in out and "人员进出及退休变化" in out  # p22's stated reason for 2010601
    assert any(o.get("data", {}).get("image/png") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_execution_notebook_says_a_budget_has_no_actuals(tmp_path):
    nb = _run(EXECUTION, tmp_path / EXECUTION.name, {"doc_path": "../data/raw/zizhou_pension_center_2024_budget.txt"})
    assert "不是决算" in _streams(nb)
