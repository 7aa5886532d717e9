"""One document assembled: the `Disclosure` and the `load` recipe, its metadata, table inventory and coverage."""
