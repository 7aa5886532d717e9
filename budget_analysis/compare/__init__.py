"""Comparisons across documents: years of one unit (`years`), by code (`tables`), against the prose (`claims`),
unit identity (`units`)."""
from .years import add_cli, check_prior_year, compare, to_html

__all__ = ["compare", "check_prior_year", "to_html", "add_cli"]
