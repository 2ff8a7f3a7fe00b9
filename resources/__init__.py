"""Bundled data files: icons, the style sheet and the sample listings."""
