"""The prose of a disclosure: `paragraphs` (pages → paragraphs, 目录 and tables left out), `claims` (sentences
that state an amount, a change, a reason)."""
from .claims import CLAIM_COLUMNS, parse_claims, prior_totals
from .paragraphs import Paragraph, budget_year, paragraphs

__all__ = ["CLAIM_COLUMNS", "parse_claims", "prior_totals", "Paragraph", "budget_year", "paragraphs"]
