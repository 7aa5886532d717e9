"""Processed documents on disk and queries over them."""
from .query import query
from .store import Store, doc_folders, extract_files, extract_store, load_store, read_disclosure, write_disclosure

__all__ = ["Store", "doc_folders", "extract_files", "extract_store", "load_store", "read_disclosure",
           "write_disclosure", "query"]
