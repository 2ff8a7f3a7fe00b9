"""Entry types between the record and each format: BibTeX, BibLaTeX, RIS, CSL.

Reading maps many names onto one ``EntryType``; writing picks the one name each
format's own tools expect. A record whose type is unknown is a preprint when an
arXiv id is known, else ``misc``.
"""

from __future__ import annotations

from readinglist.core.recordfields import EntryType

_T = EntryType

FROM_BIBTEX: dict[str, EntryType] = {
    "article": _T.ARTICLE,
    "inproceedings": _T.CONFERENCE_PAPER,
    "conference": _T.CONFERENCE_PAPER,
    "proceedings": _T.BOOK,
    "book": _T.BOOK,
    "mvbook": _T.BOOK,
    "collection": _T.BOOK,
    "mvcollection": _T.BOOK,
    "booklet": _T.BOOK,
    "inbook": _T.CHAPTER,
    "incollection": _T.CHAPTER,
    "bookinbook": _T.CHAPTER,
    "suppbook": _T.CHAPTER,
    "phdthesis": _T.THESIS,
    "mastersthesis": _T.THESIS,
    "thesis": _T.THESIS,
    "techreport": _T.REPORT,
    "report": _T.REPORT,
    "manual": _T.REPORT,
    "unpublished": _T.PREPRINT,
    "software": _T.SOFTWARE,
    "dataset": _T.DATASET,
    "data": _T.DATASET,
    "misc": _T.MISC,
    "online": _T.MISC,
    "electronic": _T.MISC,
    "www": _T.MISC,
}

TO_BIBTEX: dict[EntryType, str] = {
    _T.ARTICLE: "article",
    _T.CONFERENCE_PAPER: "inproceedings",
    _T.BOOK: "book",
    _T.CHAPTER: "incollection",
    _T.THESIS: "phdthesis",
    _T.REPORT: "techreport",
    _T.PREPRINT: "misc",
    _T.SOFTWARE: "misc",
    _T.DATASET: "misc",
    _T.MISC: "misc",
}

TO_BIBLATEX: dict[EntryType, str] = {
    _T.ARTICLE: "article",
    _T.CONFERENCE_PAPER: "inproceedings",
    _T.BOOK: "book",
    _T.CHAPTER: "incollection",
    _T.THESIS: "thesis",
    _T.REPORT: "report",
    _T.PREPRINT: "online",
    _T.SOFTWARE: "software",
    _T.DATASET: "dataset",
    _T.MISC: "misc",
}

FROM_RIS: dict[str, EntryType] = {
    "JOUR": _T.ARTICLE,
    "JFULL": _T.ARTICLE,
    "MGZN": _T.ARTICLE,
    "NEWS": _T.ARTICLE,
    "EJOUR": _T.ARTICLE,
    "CONF": _T.CONFERENCE_PAPER,
    "CPAPER": _T.CONFERENCE_PAPER,
    "BOOK": _T.BOOK,
    "EBOOK": _T.BOOK,
    "EDBOOK": _T.BOOK,
    "CHAP": _T.CHAPTER,
    "ECHAP": _T.CHAPTER,
    "THES": _T.THESIS,
    "RPRT": _T.REPORT,
    "UNPB": _T.PREPRINT,
    "COMP": _T.SOFTWARE,
    "DATA": _T.DATASET,
    "DBASE": _T.DATASET,
    "GEN": _T.MISC,
    "ELEC": _T.MISC,
    "WEB": _T.MISC,
}

TO_RIS: dict[EntryType, str] = {
    _T.ARTICLE: "JOUR",
    _T.CONFERENCE_PAPER: "CPAPER",
    _T.BOOK: "BOOK",
    _T.CHAPTER: "CHAP",
    _T.THESIS: "THES",
    _T.REPORT: "RPRT",
    _T.PREPRINT: "UNPB",
    _T.SOFTWARE: "COMP",
    _T.DATASET: "DATA",
    _T.MISC: "GEN",
}

FROM_CSL: dict[str, EntryType] = {
    "article-journal": _T.ARTICLE,
    "article-magazine": _T.ARTICLE,
    "article-newspaper": _T.ARTICLE,
    "paper-conference": _T.CONFERENCE_PAPER,
    "book": _T.BOOK,
    "chapter": _T.CHAPTER,
    "entry-encyclopedia": _T.CHAPTER,
    "thesis": _T.THESIS,
    "report": _T.REPORT,
    "article": _T.PREPRINT,
    "manuscript": _T.PREPRINT,
    "software": _T.SOFTWARE,
    "dataset": _T.DATASET,
}

TO_CSL: dict[EntryType, str] = {
    _T.ARTICLE: "article-journal",
    _T.CONFERENCE_PAPER: "paper-conference",
    _T.BOOK: "book",
    _T.CHAPTER: "chapter",
    _T.THESIS: "thesis",
    _T.REPORT: "report",
    _T.PREPRINT: "article",
    _T.SOFTWARE: "software",
    _T.DATASET: "dataset",
    _T.MISC: "document",
}


def effective_type(entry_type: EntryType | None, arxiv: str | None) -> EntryType:
    """The type an export writes: the record's, else preprint or misc."""
    if entry_type is not None:
        return entry_type
    return EntryType.PREPRINT if arxiv else EntryType.MISC
