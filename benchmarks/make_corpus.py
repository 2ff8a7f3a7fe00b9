"""A deterministic corpus of synthetic papers in the Daily Papers page layout.

The words come from the bundled sample listings: titles and abstracts are walked
as first-order Markov chains over their tokens, so word frequencies, word pairs,
stripped LaTeX, percentages and sentence shapes look like the real thing. A real
library of 100,000 papers also has a long tail of words that occur once or
twice (method names, datasets, code links), which makes prefix expansion and
index size realistic; coined method names supply it.

The same seed always gives byte-identical files. Usage::

    python -m benchmarks.make_corpus 10000 /tmp/corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from readinglist.core.identity import fold_title
from readinglist.core.importers import parse_file

SEED = 20251231
PER_FILE = 1000
# A paper met again in a later listing: realistic, and it exercises merging.
REPEAT_SHARE = 0.01
# Shares seen in real listings: most blocks have a footer; a few lack it.
FOOTER_SHARE = 0.9
ORG_SHARE = 0.15
YEAR_SHARE = 0.7
UPVOTES_SHARE = 0.45
NAMED_SHARE = 0.45
CODE_LINK_SHARE = 0.25
# How often a step follows the paper's topic rather than the whole vocabulary.
ABSTRACT_STICKINESS = 0.7
TITLE_STICKINESS = 0.4
# Every file's modification time, so years inferred from it never drift.
FILE_TIME = dt.datetime(2025, 12, 31, 12, 0, tzinfo=dt.UTC).timestamp()
ORGANISATIONS = (
    "google Google",
    "meta-llama Meta Llama",
    "tencent Tencent",
    "nvidia NVIDIA",
    "microsoft Microsoft",
    "deepseek-ai DeepSeek",
    "Qwen Qwen",
    "allenai Ai2",
    "Stanford Stanford AI",
    "openbmb OpenBMB",
    "mistralai Mistral AI",
    "apple Apple",
    "ByteDance ByteDance Seed",
    "thu-ml Tsinghua ML Group",
    "HuggingFaceTB Hugging Face Smol Models Research",
)
MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
HEADER = (
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
)
_END = re.compile(r"[.!?]$")
_WORD = re.compile(r"[A-Za-z]{4,}")


@dataclass(slots=True)
class Chain:
    """A first-order Markov chain over tokens; ``None`` marks an ending."""

    starts: list[str] = field(default_factory=list)
    successors: dict[str, list[str | None]] = field(default_factory=dict)

    def learn(self, tokens: Sequence[str], ends: bool) -> None:
        """Add one token sequence; ``ends`` says its last token ends it."""
        if not tokens:
            return
        self.starts.append(tokens[0])
        for here, after in itertools.pairwise(tokens):
            self.successors.setdefault(here, []).append(after)
        if ends:
            self.successors.setdefault(tokens[-1], []).append(None)

    def walk(
        self,
        rng: random.Random,
        most: int,
        topic: Chain | None = None,
        stickiness: float = 0.0,
    ) -> list[str]:
        """A sequence of at most ``most`` tokens.

        With a ``topic`` (the chain of one sample paper), a share
        (``stickiness``) of the steps follow the topic where it knows the
        current token: words cluster by topic in real papers, so "privacy" is
        frequent in a few papers, not sprinkled over all of them.
        """
        sticky = rng.random() < stickiness
        starts = topic.starts if topic is not None and sticky else self.starts
        token: str | None = rng.choice(starts)
        out: list[str] = []
        while token is not None and len(out) < most:
            out.append(token)
            local = topic.successors.get(token) if topic is not None else None
            if local and rng.random() < stickiness:
                token = rng.choice(local)
            else:
                token = rng.choice(self.successors.get(token) or [None])
        return out


@dataclass(slots=True)
class Vocabulary:
    """What the generator learnt from the sample listings."""

    titles: Chain
    sentences: Chain
    lengths: list[int]
    pieces: list[str]
    topics: list[tuple[Chain, Chain]]


@dataclass(frozen=True, slots=True)
class Corpus:
    """Listing files written for one benchmark size.

    Attributes:
        files: the listing files, in import order.
        papers: distinct papers in them.
        blocks: paper blocks in them (repeats included).
        titles: every distinct title, in generation order (queries come from it).
    """

    files: list[Path]
    papers: int
    blocks: int
    titles: list[str]


def learn(samples: Sequence[Path] = ()) -> Vocabulary:
    """Learn titles, sentences and abstract lengths from listing files.

    Args:
        samples: listing files; the bundled samples when empty.

    Returns:
        The chains and length distribution the generator draws from.
    """
    if not samples:
        folder = resources.files("readinglist.resources") / "samples"
        samples = sorted(
            Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt")
        )
    titles, sentences = Chain(), Chain()
    topics: list[tuple[Chain, Chain]] = []
    lengths: list[int] = []
    pieces: Counter[str] = Counter()
    for path in samples:
        for paper in parse_file(path, year=2025).papers:
            title = paper.title.split()
            titles.learn(title, ends=True)
            pieces.update(w.capitalize() for w in _WORD.findall(paper.title))
            words = (paper.abstract or "").split()
            if not words:
                continue
            lengths.append(len(words))
            topic = (Chain(), Chain())
            topic[0].learn(title, ends=True)
            sentence: list[str] = []
            for word in words:
                sentence.append(word)
                if _END.search(word):
                    for chain in (sentences, topic[1]):
                        chain.learn(sentence, ends=True)
                    sentence = []
            for chain in (sentences, topic[1]):
                chain.learn(sentence, ends=False)
            topics.append(topic)
    return Vocabulary(titles, sentences, sorted(lengths), sorted(pieces), topics)


class Generator:
    """Draws papers from a :class:`Vocabulary` with one seeded random source."""

    def __init__(self, vocabulary: Vocabulary, seed: int = SEED) -> None:
        self.vocabulary = vocabulary
        self.rng = random.Random(seed)
        self.seen: set[str] = set()

    def name(self) -> str:
        """A coined method name ("LocalLeap", "FoldGPT", "AugMoS-2")."""
        rng, pieces = self.rng, self.vocabulary.pieces
        parts = [
            rng.choice(pieces)[: rng.randint(2, 6)] for _ in range(rng.randint(2, 3))
        ]
        coined = "".join(parts)
        roll = rng.random()
        if roll < 0.15:
            coined += f"-{rng.randint(1, 9)}"
        elif roll < 0.25:
            coined = coined.upper()[:6]
        return coined

    def title(self, name: str | None, topic: Chain | None = None) -> str:
        """A title no earlier paper has (compared as the library folds titles)."""
        while True:
            words = self.vocabulary.titles.walk(self.rng, 18, topic, TITLE_STICKINESS)
            if len(words) < 3:
                continue
            title = " ".join(words)
            if name is not None:
                title = f"{name}: {title}"
            key = fold_title(title)
            if key not in self.seen:
                self.seen.add(key)
                return title

    def abstract(self, name: str | None, topic: Chain | None = None) -> str:
        """An abstract of a realistic length, naming the method if it has one."""
        rng = self.rng
        target = rng.choice(self.vocabulary.lengths)
        out: list[str] = []
        while len(out) < target:
            out += self.vocabulary.sentences.walk(rng, 60, topic, ABSTRACT_STICKINESS)
            if name is not None and rng.random() < 0.3:
                verb = rng.choice(("propose", "introduce", "present"))
                out += f"We {verb} {name}, a new approach.".split()
        if name is not None and rng.random() < CODE_LINK_SHARE:
            user = rng.choice(self.vocabulary.pieces).lower()
            out.append(f"Code is available at https://github.com/{user}/{name}.")
        return " ".join(out)

    def footer(self, listing: dt.date) -> list[str]:
        """The lines after the abstract: authors or organisation, dot, date."""
        rng = self.rng
        if rng.random() >= FOOTER_SHARE:
            return []
        who = (
            rng.choice(ORGANISATIONS)
            if rng.random() < ORG_SHARE
            else f"  • {rng.randint(1, 24)} authors"
        )
        published = listing - dt.timedelta(days=rng.randint(0, 900))
        date = f"{MONTHS[published.month - 1]} {published.day}"
        if rng.random() < YEAR_SHARE or published.year != listing.year:
            date += f", {published.year}"
        if rng.random() < UPVOTES_SHARE:
            date += f" {int(rng.paretovariate(1.2))}"
        return [who, "·", date]

    def block(self, listing: dt.date) -> tuple[str, list[str]]:
        """One new paper's title and its lines in the page layout."""
        name = self.name() if self.rng.random() < NAMED_SHARE else None
        title_topic, abstract_topic = self.rng.choice(self.vocabulary.topics)
        title = self.title(name, title_topic)
        abstract = self.abstract(name, abstract_topic)
        return title, [title, abstract, *self.footer(listing)]


def generate(
    count: int,
    folder: Path,
    *,
    seed: int = SEED,
    per_file: int = PER_FILE,
    vocabulary: Vocabulary | None = None,
) -> Corpus:
    """Write ``count`` distinct papers as listing files in ``folder``.

    Args:
        count: distinct papers to write.
        folder: where the files go (created if missing; old listings replaced).
        seed: the random seed; the same seed gives the same files.
        per_file: papers per listing file.
        vocabulary: what to draw from (learnt from the samples by default).

    Returns:
        The files written, with their counts and titles.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("listing-*.txt"):
        old.unlink()
    gen = Generator(vocabulary or learn(), seed)
    files: list[Path] = []
    titles: list[str] = []
    blocks = 0
    day = dt.date(2025, 12, 31)
    for number, start in enumerate(range(0, count, per_file)):
        listing = day - dt.timedelta(days=(count - start) // per_file)
        lines = [*HEADER, f"{MONTHS[listing.month - 1]} {listing.day}"]
        made = 0
        for _ in range(min(per_file, count - start)):
            title, block = gen.block(listing)
            titles.append(title)
            lines += block
            made += 1
            if len(titles) > per_file and gen.rng.random() < REPEAT_SHARE:
                # An earlier paper seen again, with a footer of its own.
                again = titles[gen.rng.randrange(len(titles) - made)]
                lines += [again, gen.abstract(None), *gen.footer(listing)]
                blocks += 1
        blocks += made
        path = folder / f"listing-{number:04d}.txt"
        path.write_text("\n\n".join(lines) + "\n", "utf-8")
        os.utime(path, (FILE_TIME, FILE_TIME))
        files.append(path)
    return Corpus(files, len(titles), blocks, titles)


def main(argv: Sequence[str] | None = None) -> int:
    """Write a corpus from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="distinct papers to write")
    parser.add_argument("folder", type=Path, help="where to write the listings")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--per-file", type=int, default=PER_FILE)
    args = parser.parse_args(argv)
    corpus = generate(args.count, args.folder, seed=args.seed, per_file=args.per_file)
    print(f"{corpus.papers} papers, {corpus.blocks} blocks, {len(corpus.files)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
