"""spaCy-based extraction: mentions and entities (statements and events build on it)."""
