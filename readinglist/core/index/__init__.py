"""The search engine: Whoosh's storage with our analysis and query evaluation."""
