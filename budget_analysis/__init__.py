"""budget-analysis: Chinese government budget disclosures as tidy pandas tables.

    import budget_analysis as ba
    doc = ba.load("data/raw/zizhou_pension_center_2024_budget.txt")
    doc.lines, doc.projects, doc.indicators, doc.claims, doc.findings, doc.tables
"""
from .document.disclosure import Disclosure, load
from .errors import BudgetAnalysisError, ReadError
from .store.store import Store, extract_store, load_store, read_disclosure, write_disclosure
from .compare.years import compare
from .store.query import query
from .analysis.execution import execution

__all__ = ["Disclosure", "load", "load_store", "extract_store", "read_disclosure", "write_disclosure", "Store",
           "BudgetAnalysisError", "ReadError", "compare", "query", "execution"]
