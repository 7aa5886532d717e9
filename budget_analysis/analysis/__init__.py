"""Analyses of one Disclosure, each a plain function returning a DataFrame (amounts in 元 unless `_wan`).

    from budget_analysis import analysis as an
    an.change_drivers(doc); an.functional_mix(doc, 2); an.performance_coverage_totals(doc)
"""
from ..document.coverage import indicator_mix, performance_coverage, performance_coverage_totals
from .drivers import change_drivers, change_summary
from .mix import economic_mix, functional_mix, spending_split
from .paths import resolve_doc_path

__all__ = ["change_drivers", "change_summary", "functional_mix", "economic_mix", "spending_split",
           "performance_coverage", "performance_coverage_totals", "indicator_mix", "resolve_doc_path"]
