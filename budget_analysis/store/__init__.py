"""Processed documents on disk (one atomic folder each), the compacted dataset, batches and queries."""
from .batch import RunSummary, StoreUnwritable, run
from .dataset import compact
from .query import query
from .store import Store, doc_folders, extract_files, extract_store, load_store, read_disclosure, write_disclosure

__all__ = ["Store", "doc_folders", "extract_files", "extract_store", "load_store", "read_disclosure",
           "write_disclosure", "query", "compact", "run", "RunSummary", "StoreUnwritable"]
