"""The search index as one compact file, memory-mapped read-only by every process on the host (pure).

``write_index_file`` lays out what ``SearchIndex.from_payload`` computes (the sorted normalised forms,
their words sorted, which entries own each form, the entries) as UTF-8 blobs and arrays of integers;
``MappedSearchIndex`` answers the same queries from it through ``mmap``. The operating system keeps one
copy of the file's pages for every process that maps it, so a gunicorn worker holds only the small part
it parses (the occupations and tracks, a few hundred KB) and whatever one query needs: the index costs
memory once per host, not once per worker, and opening it takes milliseconds.

The file's name carries the stored index's version and the header repeats it; a file is written under a
temporary name and renamed into place (``os.replace``), so a reader sees the old file or the new one,
never half of one. A process that still maps a file that was replaced or deleted keeps reading its own
copy until it opens the next version.

Results are those of ``SearchIndex`` exactly: the same forms in the same order, the same entries. The
fuzzy pass keeps the forms (words sorted) ordered by length, reads only the lengths that can reach the
cutoff (``fuzz.ratio`` is at most 200 x the shorter length / both lengths), a slice at a time, and keeps
the best by score and then by form, as rapidfuzz orders ties over the whole list; no list of every form
is ever built in a worker.
"""

from __future__ import annotations

import json
import math
import mmap
import os
import sys
import tempfile
from array import array
from pathlib import Path

from rapidfuzz import fuzz, process

from pages.search.index import (
    EXACT,
    FUZZY,
    FUZZY_CUTOFF,
    FUZZY_LIMIT,
    PREFIX,
    PREFIX_LIMIT,
    Ranking,
    SearchIndex,
    _sorted_words,
)

MAGIC = b"CTSEARCH"
FORMAT = 3  # 3: the metro picker's list in the meta
FUZZY_CHUNK = 8192  # forms decoded at once in the fuzzy pass (bounds a query's transient memory)
_ALIGN = 8
_ERRORS = "surrogatepass"  # a lone surrogate in a title survives the round trip


def _u32(values) -> bytes:
    return array("I", values).tobytes()


def _i32(values) -> bytes:
    return array("i", values).tobytes()


def index_bytes(payload: dict, version: str, *, chunk: int = FUZZY_CHUNK) -> bytes:
    """The file's content for a stored payload (``pages.search.index.build_payload``'s shape)."""
    index = SearchIndex.from_payload(payload)
    entries = index.entries
    codes = sorted({e[2] for e in entries if e[2]})
    slugs = sorted({e[3] for e in entries if e[3]})
    kinds = sorted({e[1] for e in entries})
    code_no = {c: n for n, c in enumerate(codes)}
    slug_no = {s: n for n, s in enumerate(slugs)}
    kind_no = {k: n for n, k in enumerate(kinds)}

    forms = [s.encode(errors=_ERRORS) for s in index.strings]
    form_offsets, at = [0], 0
    for form in forms:
        at += len(form)
        form_offsets.append(at)
    titles = [e[0].encode(errors=_ERRORS) for e in entries]
    title_offsets, at = [0], 0
    for title in titles:
        at += len(title)
        title_offsets.append(at)
    owner_starts, owners = [0], []
    for owned in index.owners:
        owners.extend(owned)
        owner_starts.append(len(owners))
    # The forms with their words sorted, one a line, ordered by length (then by form): a query reads
    # only the lengths that can reach the fuzzy cutoff. ``word_order`` maps a line back to its form.
    order = sorted(range(len(index.word_sorted)), key=lambda i: (len(index.word_sorted[i]), i))
    word_lines = [index.word_sorted[i].encode(errors=_ERRORS) for i in order]
    word_offsets, at = [0], 0
    for line in word_lines:
        at += len(line) + 1
        word_offsets.append(at)
    longest = max((len(w) for w in index.word_sorted), default=0)
    length_starts, line = [], 0  # length_starts[n]: the first line at least n characters long
    for length in range(longest + 2):
        while line < len(order) and len(index.word_sorted[order[line]]) < length:
            line += 1
        length_starts.append(line)

    meta = {"codes": codes, "slugs": slugs, "kinds": kinds}
    meta.update(
        occupations=payload["occupations"], tracks=payload["tracks"], metros=payload.get("metros", [])
    )
    sections = {
        "forms": b"".join(forms),
        "form_offsets": _u32(form_offsets),
        "words": b"\n".join(word_lines) + b"\n",
        "word_offsets": _u32(word_offsets),
        "word_order": _u32(order),
        "length_starts": _u32(length_starts),
        "owner_starts": _u32(owner_starts),
        "owners": _u32(owners),
        "titles": b"".join(titles),
        "title_offsets": _u32(title_offsets),
        "entry_kind": _i32(kind_no[e[1]] for e in entries),
        "entry_code": _i32(code_no[e[2]] if e[2] else -1 for e in entries),
        "entry_slug": _i32(slug_no[e[3]] if e[3] else -1 for e in entries),
        "meta": json.dumps(meta, separators=(",", ":")).encode(),
    }
    layout, body, at = {}, [], 0
    for name, blob in sections.items():
        layout[name] = [at, len(blob)]
        pad = -len(blob) % _ALIGN
        body.append(blob + b"\0" * pad)
        at += len(blob) + pad
    header = {
        "format": FORMAT,
        "version": version,
        "byteorder": sys.byteorder,
        "forms": len(forms),
        "entries": len(entries),
        "chunk": chunk,
        "sections": layout,
    }
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-(len(MAGIC) + 4 + len(head)) % _ALIGN)
    return MAGIC + len(head).to_bytes(4, "little") + head + b"".join(body)


def write_index_file(payload: dict, version: str, path: Path, *, chunk: int = FUZZY_CHUNK) -> Path:
    """Write the file for ``payload`` at ``path`` atomically (a temporary file in the same folder, then
    ``os.replace``); return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    content = index_bytes(payload, version, chunk=chunk)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


class BadIndexFile(ValueError):
    """The file is not a search index of this format, version and byte order (write it again)."""


class MappedSearchIndex(Ranking):
    """``SearchIndex``'s queries over a memory-mapped index file (see the module docstring)."""

    def __init__(self, path: Path, version: str | None = None):
        with open(path, "rb") as source:
            self._map = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ)
        self.path = path
        data = self._map
        if data[: len(MAGIC)] != MAGIC:
            raise BadIndexFile(f"{path}: not a search index file")
        size = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 4], "little")
        start = len(MAGIC) + 4
        try:
            header = json.loads(data[start : start + size])
        except ValueError as error:
            raise BadIndexFile(f"{path}: unreadable header") from error
        if header.get("format") != FORMAT or header.get("byteorder") != sys.byteorder:
            raise BadIndexFile(f"{path}: format {header.get('format')}, {header.get('byteorder')} endian")
        if version is not None and header.get("version") != version:
            raise BadIndexFile(f"{path}: version {header.get('version')}, expected {version}")
        body = start + size
        if len(data) < body + max(at + length for at, length in header["sections"].values()):
            raise BadIndexFile(f"{path}: truncated")
        self.version = header["version"]
        self.file_size = len(data)
        view = memoryview(data)
        self._sections = {name: (body + at, body + at + n) for name, (at, n) in header["sections"].items()}

        def ints(name, code):
            first, last = self._sections[name]
            return view[first:last].cast(code)

        self._form_offsets = ints("form_offsets", "I")
        self._word_offsets = ints("word_offsets", "I")
        self._word_order = ints("word_order", "I")
        self._length_starts = ints("length_starts", "I")
        self._owner_starts = ints("owner_starts", "I")
        self._owner_list = ints("owners", "I")
        self._title_offsets = ints("title_offsets", "I")
        self._entry_kind = ints("entry_kind", "i")
        self._entry_code = ints("entry_code", "i")
        self._entry_slug = ints("entry_slug", "i")
        self._forms_at = self._sections["forms"][0]
        self._titles_at = self._sections["titles"][0]
        self._words_at = self._sections["words"][0]
        self.forms, self.titles = header["forms"], header["entries"]
        self._chunk = header["chunk"]
        first, last = self._sections["meta"]
        meta = json.loads(data[first:last])
        self._codes, self._slugs, self._kinds = meta["codes"], meta["slugs"], meta["kinds"]
        self.occupations, self.tracks = meta["occupations"], meta["tracks"]
        self.metros = meta.get("metros", [])

    def size(self) -> tuple[int, int]:
        return self.titles, self.forms

    def _form(self, i: int) -> bytes:
        return self._map[self._forms_at + self._form_offsets[i] : self._forms_at + self._form_offsets[i + 1]]

    def _exact_and_prefix(self, query: str) -> list[tuple[int, float, int]]:
        # UTF-8 bytes sort as their strings do, so bisecting the bytes is bisecting the strings.
        wanted = query.encode(errors=_ERRORS)
        low, high = 0, self.forms
        while low < high:
            middle = (low + high) // 2
            if self._form(middle) < wanted:
                low = middle + 1
            else:
                high = middle
        found = []
        if low < self.forms and self._form(low) == wanted:
            found.append((EXACT, 100.0, low))
        for i in range(low, min(low + PREFIX_LIMIT, self.forms)):
            form = self._form(i)
            if not form.startswith(wanted):
                break
            if form != wanted:
                found.append((PREFIX, 100.0, i))
        return found

    def _fuzzy(self, query: str) -> list[tuple[int, float, int]]:
        wanted = _sorted_words(query)
        # fuzz.ratio is at most 200 * shorter / (both lengths): only forms from ``low`` to ``high``
        # characters long can reach the cutoff (one more each side, for rounding).
        size = len(wanted)
        low = max(0, math.floor(size * FUZZY_CUTOFF / (200 - FUZZY_CUTOFF)) - 1)
        high = math.ceil(size * (200 - FUZZY_CUTOFF) / FUZZY_CUTOFF) + 1
        starts = self._length_starts
        first_line = starts[min(low, len(starts) - 1)]
        end_line = starts[min(high + 1, len(starts) - 1)]
        best: list[tuple[float, int]] = []
        cutoff = FUZZY_CUTOFF
        for start in range(first_line, end_line, self._chunk):
            end = min(start + self._chunk, end_line)
            first = self._words_at + self._word_offsets[start]
            last = self._words_at + self._word_offsets[end] - 1  # without the last newline
            lines = self._map[first:last].decode(errors=_ERRORS).split("\n")
            # Every match (limit None): lines are in length order, so rapidfuzz's tie order (position)
            # is not the forms' order; ties are settled below, by form, as over the whole list.
            matches = process.extract(
                wanted, lines, scorer=fuzz.ratio, processor=None, limit=None, score_cutoff=cutoff
            )
            best.extend((score, self._word_order[start + i]) for _, score, i in matches)
            best.sort(key=lambda found: (-found[0], found[1]))
            del best[FUZZY_LIMIT:]
            if len(best) == FUZZY_LIMIT:
                cutoff = max(cutoff, best[-1][0])  # a form scoring less can no longer be kept
        return [(FUZZY, float(score), i) for score, i in best]

    def _owners(self, i: int) -> list[int]:
        return self._owner_list[self._owner_starts[i] : self._owner_starts[i + 1]].tolist()

    def _entry(self, number: int) -> tuple[str, str, str, str]:
        first = self._titles_at + self._title_offsets[number]
        title = self._map[first : self._titles_at + self._title_offsets[number + 1]].decode(errors=_ERRORS)
        code, slug = self._entry_code[number], self._entry_slug[number]
        return (
            title,
            self._kinds[self._entry_kind[number]],
            self._codes[code] if code >= 0 else "",
            self._slugs[slug] if slug >= 0 else "",
        )
