"""Importer for the compact copy of the Hugging Face "Daily Papers" listing.

Copying the page in some browsers gives one line per item and no blank lines::

    Get trending papers in your email inbox once a day!
    Get trending papers in your email inbox!
    SubscribeAccelerating Image Generation with Sub-path Linear Approximation Model
    Diffusion models have significantly advanced the state of the art in image ...
    Approximating Language Model Training Data from Weights
    Modern language models often have open weights but closed training data. ...

Title and abstract lines alternate, with no authors, dates or upvotes, and the
first title is glued to the "Subscribe" button. These are the page layout's
blocks without footers, so the page layout's block reader reads them too; it
finds titles and abstracts by shape, which recovers from a missing abstract or
two titles in a row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from readinglist.core.importers.hf_page import listing_layout, read_blocks
from readinglist.core.models import ParseResult

if TYPE_CHECKING:
    from readinglist.core.importers.context import ParseContext


class HfCompactImporter:
    """Reads the compact Daily Papers layout."""

    name = "hf-compact"
    label = "Hugging Face Daily Papers (compact copy)"

    def match(self, text: str) -> bool:
        """True when ``text`` is a Daily Papers listing in the compact layout."""
        return listing_layout(text) == "compact"

    def parse(self, text: str, path: str, context: ParseContext) -> ParseResult:
        """Read every paper; report what could not be read.

        Args:
            text: the file's text.
            path: the file name, for problems.
            context: the user's year and the file's date (unused: the compact
                layout has no dates).

        Returns:
            The papers and problems.
        """
        papers, problems = read_blocks(text, path, context)
        return ParseResult(format=self.name, papers=papers, problems=problems)


IMPORTER = HfCompactImporter()
