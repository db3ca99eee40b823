"""Job-title search: an in-memory index over every title we know, queried with rapidfuzz.

Titles come from O*NET (alternate titles, the sample of reported titles, O*NET-SOC titles), BLS (SOC
titles as OEWS publishes them) and our catalogue (track names, ladder rungs). The index is built when the
data or the catalogue changes (``pages.search.build``) and stored as one snapshot row; each host keeps
one memory-mapped file of it that every process shares (``pages.search.mapped``, ``pages.search.store``),
or, without one, each process holds it in memory (``SearchIndex``); a query never touches the database
beyond checking which index is current.

Ranking (``search``), rule by rule (each has a test in ``tests/pages/search/test_answers.py``):

1. exact matches first: a short form people type (``aliases.csv``, kind "alias": "RN", "CSR") before
   the other exact titles, since the alias says which occupation people mean by it (only there: a
   title merely starting with an alias, or spelt like one, ranks as any other);
2. then titles that start with the query;
3. spelling neighbours (fuzzy matches: typos, word order, by score) only when nothing matched exactly
   or by its start: "lawyer" lists Lawyers, never Layer, Sawyer or Player;
4. among equals, the occupation with the most jobs (national employment) first.

One result per occupation (its best-matching title) and per track. Each occupation result carries the
figures stored with it (``pages.search.figures``: median pay, how sure, projected growth). The same
code and the same stored index run on SQLite and PostgreSQL, so results are identical on both.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from pages.formatting import NOT_PUBLISHED

MAX_QUERY_LENGTH = 100
MIN_QUERY_LENGTH = 2
RESULT_LIMIT = 20
FUZZY_LIMIT = 60  # candidate strings taken from the fuzzy pass before grouping by occupation
FUZZY_CUTOFF = 72  # rapidfuzz ratio (0-100) below which a title is not a match
PREFIX_LIMIT = 400  # strings examined in the prefix pass

EXACT, PREFIX, FUZZY = 0, 1, 2
TIER_LABELS = {EXACT: "exact title", PREFIX: "title starting with your words", FUZZY: "close spelling"}
KIND_LABELS = {
    "alternate": "O*NET alternate title",
    "reported": "title reported to O*NET",
    "onet": "O*NET occupation title",
    "soc": "BLS occupation title",
    "track": "career track",
    "rung": "rung on a track ladder",
    "alias": "common name",
}


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, single spaces: "R.N. (Nurse)" -> "r n nurse"."""
    return " ".join(utils.default_process(text or "").split())


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def variants(title: str) -> list[str]:
    """The forms a title is found by: the whole title, and each side of a parenthesised abbreviation
    ("CEO (Chief Executive Officer)" -> also "CEO" and "Chief Executive Officer")."""
    forms = [title]
    if "(" in title and title.rstrip().endswith(")"):
        head, _, tail = title.rstrip()[:-1].partition("(")
        forms += [head, tail]
    seen, out = set(), []
    for form in forms:
        norm = normalise(form)
        if norm and norm not in seen:
            seen.add(norm)
            out.append(norm)
    return out


# --------------------------------------------------------------------------------------------------
# The stored payload (plain JSON) and the in-memory index built from it


def build_payload(*, titles, occupations, tracks, metros=()) -> dict:
    """The index as plain JSON (pure).

    - ``titles``: (title, kind, occupation code or "", track slug or "") tuples;
    - ``occupations``: code -> {"title", "employment" (int or None), "published" (bool), "tracks" [slugs],
      "pay" [median pay, how sure], "growth"} (the figures as written by ``pages.search.figures``);
    - ``tracks``: slug -> {"name", "url"};
    - ``metros``: [{"code", "name"}] with stored pay, for the metro picker.
    """
    entries, seen = [], set()
    for title, kind, code, slug in titles:
        title = " ".join((title or "").split())
        key = (title.casefold(), kind, code, slug)
        if not title or key in seen:
            continue
        seen.add(key)
        entries.append([title, kind, code, slug])
    entries.sort(key=lambda e: (e[0].casefold(), e[1], e[2], e[3]))
    payload = {"version": 1, "entries": entries, "occupations": occupations, "tracks": tracks}
    payload["metros"] = list(metros)
    return payload


class Ranking:
    """The ranking every form of the index shares (``search``); a form provides the occupations and
    tracks (dicts), ``_exact_and_prefix``, ``_fuzzy``, ``_owners`` (string -> entry numbers) and ``_entry``
    (number -> title, kind, code, slug). ``SearchIndex`` holds it all in Python objects;
    ``pages.search.mapped.MappedSearchIndex`` reads it from a memory-mapped file shared by every process
    on the host."""

    occupations: dict[str, dict]
    tracks: dict[str, dict]
    metros: list[dict]

    def size(self) -> tuple[int, int]:
        """(titles, distinct normalised forms)."""
        raise NotImplementedError

    def employment(self, code: str) -> int:
        occupation = self.occupations.get(code) if code else None
        return (occupation or {}).get("employment") or 0

    def search(self, raw_query: str, limit: int = RESULT_LIMIT) -> list[dict]:
        query = normalise(raw_query[:MAX_QUERY_LENGTH])
        if len(query) < MIN_QUERY_LENGTH:
            return []
        best: dict[tuple[str, str], tuple] = {}

        def add(candidates):
            # Each pass names a string once, and the fuzzy pass runs only when the first found none.
            for tier, score, i in candidates:
                for number in self._owners(i):
                    title, kind, code, slug = self._entry(number)
                    # A track is its own result; every other title stands for its occupation.
                    group = ("track", slug) if kind == "track" else ("occupation", code)
                    # An alias says which occupation people mean: first among the exact matches only
                    # (a close spelling of an alias ranks by its score like any other title).
                    alias_first = not (tier == EXACT and kind == "alias")
                    rank = (
                        tier,
                        -score,
                        alias_first,
                        -self.employment(code),
                        kind != "rung",
                        title.casefold(),
                    )
                    if group not in best or rank < best[group][0]:
                        best[group] = (rank, tier, score, number)

        add(self._exact_and_prefix(query))
        # Spelling neighbours only when nothing matched exactly or by its start (rule 3): after a good
        # match they are noise ("lawyer" -> Layer, Sawyer), and the fuzzy pass is the costly part.
        if not best:
            add(self._fuzzy(query))
        ordered = sorted(best.values(), key=lambda item: item[0])[:limit]
        return [self._result(tier, score, number) for _, tier, score, number in ordered]

    def _result(self, tier: int, score: float, number: int) -> dict:
        title, kind, code, slug = self._entry(number)
        occupation = self.occupations.get(code) if code else None
        track_slugs = [slug] if kind == "track" else (occupation or {}).get("tracks", [])
        result = {
            "matched_title": title,
            "kind": kind,
            "kind_label": KIND_LABELS[kind],
            "match": TIER_LABELS[tier],
            "score": round(score),
            "occupation": None,
            "track": None,
            "rung_track": None,
            "tracks": [self.tracks[s] for s in track_slugs if s in self.tracks],
        }
        if kind == "track":
            result["track"] = self.tracks.get(slug)
        if kind == "rung":
            result["rung_track"] = self.tracks.get(slug)
        if occupation is not None:
            result["occupation"] = {
                "code": code,
                "title": occupation["title"],
                "url": f"/occupations/{code}/",
                "published": occupation["published"],
                "employment": occupation.get("employment"),
                "pay": occupation.get("pay") or [NOT_PUBLISHED, ""],
                "growth": occupation.get("growth") or NOT_PUBLISHED,
            }
        return result


@dataclass
class SearchIndex(Ranking):
    entries: list[list[str]]
    occupations: dict[str, dict]
    tracks: dict[str, dict]
    metros: list[dict] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)  # unique normalised forms, sorted
    owners: list[list[int]] = field(default_factory=list)  # strings[i] -> entry indexes
    word_sorted: list[str] = field(default_factory=list)  # strings[i] with its words sorted
    exact: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_payload(cls, payload: dict) -> SearchIndex:
        index = cls(payload["entries"], payload["occupations"], payload["tracks"], payload.get("metros", []))
        owners: dict[str, list[int]] = {}
        for number, entry in enumerate(index.entries):
            for form in variants(entry[0]):
                owners.setdefault(form, []).append(number)
        index.strings = sorted(owners)
        index.owners = [owners[s] for s in index.strings]
        index.word_sorted = [_sorted_words(s) for s in index.strings]
        index.exact = {s: i for i, s in enumerate(index.strings)}
        return index

    def _exact_and_prefix(self, query: str) -> list[tuple[int, float, int]]:
        """(tier, score, string index) of the exact title and the titles starting with the query."""
        found = []
        if query in self.exact:
            found.append((EXACT, 100.0, self.exact[query]))
        start = bisect.bisect_left(self.strings, query)
        for i in range(start, min(start + PREFIX_LIMIT, len(self.strings))):
            if not self.strings[i].startswith(query):
                break
            if self.strings[i] != query:
                found.append((PREFIX, 100.0, i))
        return found

    def _fuzzy(self, query: str) -> list[tuple[int, float, int]]:
        matches = process.extract(
            _sorted_words(query),
            self.word_sorted,
            scorer=fuzz.ratio,
            processor=None,
            limit=FUZZY_LIMIT,
            score_cutoff=FUZZY_CUTOFF,
        )
        return [(FUZZY, float(score), i) for _, score, i in matches]

    def size(self) -> tuple[int, int]:
        return len(self.entries), len(self.strings)

    def _owners(self, i: int) -> list[int]:
        return self.owners[i]

    def _entry(self, number: int) -> list[str]:
        return self.entries[number]
