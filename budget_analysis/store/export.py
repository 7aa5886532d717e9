"""Excel and CSV for finance-bureau staff, who work in Excel/WPS: one sheet per table, Chinese headers.

Amounts go out in 万元 (the unit every disclosure's text uses) with thousands separators; the header is frozen
and filtered. CSV files are UTF-8 with a byte-order mark, which is what Chinese Excel needs to open them
ungarbled. Values are the store's own, only divided by 10,000 where a header says 万元.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from ..normalise.schema import COLUMNS

SHEETS = {"lines": "表格数据", "projects": "项目", "indicators": "绩效指标", "claims": "文字数据",
          "findings": "核对结果", "tables": "表格清单", "quality": "质量"}
# column → Chinese header; amounts in 元 are written in 万元 (`_TO_WAN`)
HEADERS = {
    "doc_id": "文件编号", "unit": "单位", "year": "年度", "unit_code": "单位编码", "table_kind": "表格类型",
    "table_title": "表格标题", "classification": "分类", "code": "科目编码", "name": "名称", "level": "层级",
    "parent_code": "上级编码", "measure": "列", "amount_yuan": "金额（万元）", "unit_printed": "原表单位",
    "page": "页码", "row": "行号", "decimals": "小数位数", "x0": "框左", "top": "框上", "x1": "框右",
    "bottom": "框下", "project": "项目", "group": "项目分组", "description": "说明",
    "project_matched": "对应项目", "level1": "一级指标", "level2": "二级指标", "indicator": "指标",
    "target_raw": "指标值（原文）", "operator": "比较符", "target_value": "指标值", "target_unit": "指标单位",
    "is_placeholder": "占位值", "is_quantified": "已量化", "match_score": "匹配度", "section": "章节",
    "subject": "事项", "amount_wan": "金额（万元）", "change_wan": "增减（万元）", "change_pct": "增减（%）",
    "direction": "方向", "reason": "原因", "sentence": "原句", "check_id": "检查项", "severity": "严重程度",
    "message": "说明", "expected": "应为", "actual": "实为", "difference": "差额", "boxes": "页面位置",
    "number": "表号", "title": "标题", "kind": "类型", "listed": "目录列出", "listed_empty": "目录注明为空",
    "empty_reason": "为空原因", "found": "已找到", "grids": "表格数", "rows": "行数",
    "printed_number": "印刷表号", "cells_json": "单元格（JSON）", "records": "数据行", "figures": "含数行",
    "notes": "备注", "prose": "在正文中", "unit_name": "单位名称", "parent_dept": "主管部门",
    "template": "模板", "source_path": "源文件", "sha256": "SHA-256", "pages": "页数", "reader": "读取方式",
    "reader_version": "读取版本", "problems": "问题", "code_source": "编码来源", "ocr_confidence": "OCR置信度",
    "budget_wan": "预算数（万元）", "budget_adjusted_wan": "调整预算数（万元）", "execution_pct": "执行率（%）",
    "execution_basis": "执行率口径", "unit_source": "单位来源", "reconciled": "已核平", "numbers_printed": "印刷金额数",
    "numbers_accounted": "已读入金额数", "share": "读入比例", "counted_from": "计数来源", "unit_kind": "单位类型"}
_TO_WAN = {"amount_yuan"}
_MONEY = {"amount_yuan", "amount_wan", "change_wan", "expected", "actual", "difference", "budget_wan",
          "budget_adjusted_wan"}
WAN_FORMAT = "#,##0.00"
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def _tables(source) -> dict[str, pd.DataFrame]:
    """The tables of a Disclosure or a Store, in sheet order, plus the document list of a store."""
    names = [n for n in SHEETS if n in COLUMNS] + [n for n in COLUMNS if n not in SHEETS]
    out = {}
    if hasattr(source, "folder"):  # a Store
        out["meta"] = source.meta
    for name in names:
        out[name] = getattr(source, name)
    return out


def sheet_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A table as it goes into the workbook: 元 amounts in 万元, Chinese headers, categories as text."""
    df = df.copy()
    for c in df.columns:
        if isinstance(df[c].dtype, pd.CategoricalDtype):
            df[c] = df[c].astype("string")
        if c in _TO_WAN:
            df[c] = df[c] / 10000.0
        if c == "severity":
            df[c] = df[c].map(lambda s: SEVERITY.get(s, s)).astype("string")
        if c == "problems" and df[c].map(lambda v: isinstance(v, (list, tuple))).any():
            df[c] = df[c].map(lambda v: "；".join(v) if isinstance(v, (list, tuple)) else v)
    return df.rename(columns={c: HEADERS.get(c, c) for c in df.columns})


def _sheet_name(name: str) -> str:
    return SHEETS.get(name, "文件清单" if name == "meta" else name)[:31]


def export_xlsx(source, out: str | Path) -> Path:
    """Write every table of a Disclosure or Store to one workbook `out`; returns the path."""
    from openpyxl.utils import get_column_letter

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, df in _tables(source).items():
            if len(df) >= 1_048_576:
                raise ValueError(f"{name}: {len(df):,} rows do not fit in one Excel sheet (use --csv)")
            sheet = _sheet_name(name)
            sheet_frame(df).to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            ws.freeze_panes = "A2"
            if len(df.columns):
                ws.auto_filter.ref = ws.dimensions
            for j, col in enumerate(df.columns, start=1):
                letter = get_column_letter(j)
                wide = 14 if col in _MONEY else 40 if col in ("message", "sentence", "cells_json", "boxes") else 12
                ws.column_dimensions[letter].width = wide
                if col in _MONEY:
                    for cell in ws[letter][1:]:
                        cell.number_format = WAN_FORMAT
                elif df[col].dtype == object or isinstance(df[col].dtype, (pd.StringDtype, pd.CategoricalDtype)):
                    for cell in ws[letter][1:]:
                        if cell.data_type == "f":  # printed text such as '=100%' is text, never a formula
                            cell.data_type = "s"
    return out


def export_csv(source, folder: str | Path) -> list[Path]:
    """One UTF-8-with-BOM CSV per table in `folder` (same content as the workbook's sheets)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in _tables(source).items():
        path = folder / f"{name}.csv"
        sheet_frame(df).to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written


def read_back(path: str | Path, name: str) -> pd.DataFrame:
    """A sheet of an exported workbook as the store's table again (English columns, 元): for tests and audits."""
    sheet = pd.read_excel(path, sheet_name=_sheet_name(name), dtype=object)
    back = {v: k for k, v in HEADERS.items() if k in COLUMNS.get(name, {}) or k in ("unit", "year") or name == "meta"}
    sheet = sheet.rename(columns={h: back.get(h, h) for h in sheet.columns})
    for c in _TO_WAN & set(sheet.columns):
        sheet[c] = pd.to_numeric(sheet[c]) * 10000.0
    if "severity" in sheet:
        inverse = {v: k for k, v in SEVERITY.items()}
        sheet["severity"] = sheet["severity"].map(lambda s: inverse.get(s, s))
    return sheet


def _source(target: str, store: str | None):
    from ..document.disclosure import load
    from .store import doc_folders, load_store, read_disclosure
    path = Path(target)
    if (path / "meta.json").exists():
        return read_disclosure(path)
    if path.is_dir() and doc_folders(path):
        return load_store(path, categorical=False)
    if store and (Path(store) / target / "meta.json").exists():
        return read_disclosure(Path(store) / target)
    return load(path)


def add_cli(subparsers) -> None:
    p = subparsers.add_parser("export", help="write a document or a store as an Excel workbook and/or CSV files")
    p.add_argument("target", help="a store folder, a document folder, a doc_id in --store, or a file")
    p.add_argument("--store", default="data/processed")
    p.add_argument("--xlsx", metavar="OUT.xlsx", help="one workbook, a sheet per table")
    p.add_argument("--csv", metavar="DIR", help="one UTF-8 (BOM) CSV per table")
    p.set_defaults(func=_cmd_export)


def _cmd_export(args) -> int:
    from ..errors import BudgetAnalysisError
    if not (args.xlsx or args.csv):
        print("error: give --xlsx OUT.xlsx and/or --csv DIR", file=sys.stderr)
        return 2
    try:
        source = _source(args.target, args.store)
    except BudgetAnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.xlsx:
        print(export_xlsx(source, args.xlsx))
    if args.csv:
        print(f"{len(export_csv(source, args.csv))} CSV files in {args.csv}")
    return 0
