"""A full-text index of the mentions' sentences, kept in the embedded store's folder.

A phrase search over the graph (``sentences-containing``) has to read every
mention's sentence: minutes on a national corpus. This index (SQLite, FTS5
with the trigram tokenizer, ``sentence-index.sqlite`` in the store folder)
finds the mentions whose sentence may contain a phrase in milliseconds.

It is a hint, never the answer. A query opts in with a header line
``# sentence-index: PHRASE MENTION`` (two of its variables); when PHRASE is
bound, the mentions the index gives open the subquery that binds MENTION as a
``VALUES`` block (:func:`~fzgraph.graph.binding.with_candidate_values`), and
the query still applies its own filter to them, so the hinted answer is the
full scan's answer. The index may over-match (the
trigram match ignores ASCII case; phrases under three characters are found by
a scan of the index's sentence table), never under-match, as long as it is in
step with the store. It is kept in step by build record: before each use,
every graph whose ``fz:Build`` differs from the one the index holds is read
again, and graphs gone from the store are dropped (skipped when the store's
state token, :mod:`fzgraph.graph.store_state`, shows no write since the last
use); a SPARQL update through the
endpoint empties it, so the next use reads every graph again. Graphs are
indexed and committed a few hundred at a time, so an interrupted refresh
keeps what it did.

When the index cannot be used (no store folder, a folder that cannot be
written, more candidate mentions than :data:`HINT_LIMIT`) the query runs
unhinted: slower, same answer.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from ..vocabulary import FZ
from .binding import header_lines, with_candidate_values
from .store_state import build_records, current_state

__all__ = ["HINT_LIMIT", "INDEX_FILE", "SentenceIndex", "hinted", "reset_index"]

log = logging.getLogger(__name__)

#: the index's file inside the store folder
INDEX_FILE = "sentence-index.sqlite"
#: above this many candidate mentions the query runs unhinted (the VALUES block would be megabytes)
HINT_LIMIT = 20_000
#: graphs indexed per commit
_CHUNK = 200
_HEADER = re.compile(r"^#\s*sentence-index:\s*([A-Za-z_]\w*)\s+([A-Za-z_]\w*)\s*$", re.MULTILINE)
_SENTENCE = ox.NamedNode(str(FZ.sentence))

_SCHEMA = """
CREATE TABLE IF NOT EXISTS graphs (graph TEXT PRIMARY KEY, build TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (token TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sentences (id INTEGER PRIMARY KEY, graph TEXT NOT NULL, text TEXT NOT NULL,
                                      mentions TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sentences_by_graph ON sentences (graph);
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5 (text, content='sentences', content_rowid='id',
                                                             tokenize='trigram');
CREATE TRIGGER IF NOT EXISTS sentences_added AFTER INSERT ON sentences BEGIN
  INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS sentences_removed AFTER DELETE ON sentences BEGIN
  INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""


def _header(text: str) -> tuple[str, str] | None:
    """The query's ``# sentence-index: PHRASE MENTION`` variables, from its leading comment lines."""
    found = _HEADER.search(header_lines(text))
    return (found.group(1), found.group(2)) if found else None


class SentenceIndex:
    """The sentence index of the store in ``folder`` (created on first use)."""

    def __init__(self, folder: Path | str):
        self.path = Path(folder) / INDEX_FILE
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            # WAL: readers go on while a refresh writes; a crash can lose the last commits
            # (NORMAL sync), which the next refresh reads again
            self.db.executescript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;" + _SCHEMA)
        except sqlite3.Error:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __len__(self) -> int:
        """Sentences indexed."""
        return self.db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0]

    def refresh(self, store: ox.Store, progress=None) -> int:
        """Bring the index in step with ``store``'s build records; returns how many graphs were read.

        When the store folder's state token (:mod:`fzgraph.graph.store_state`) is the
        one this index was last brought in step with, nothing was written since and
        the build records are not compared.
        """
        token = current_state(self.path.parent)  # read before the build records: a later write renews it
        if token is not None and token == self.state():
            return 0
        current = build_records(store)
        indexed = dict(self.db.execute("SELECT graph, build FROM graphs"))
        gone = [g for g in indexed if g not in current]
        stale = [g for g, build in current.items() if indexed.get(g) != build]
        if gone:
            self._write(lambda: [self._drop(g) for g in gone])
        for at in range(0, len(stale), _CHUNK):
            chunk = stale[at:at + _CHUNK]
            self._write(lambda chunk=chunk: [self._index(store, g, current[g]) for g in chunk])
            if progress:
                progress(min(at + _CHUNK, len(stale)), len(stale))
        self._write(lambda: self._set_state(token))
        return len(stale)

    def state(self) -> str | None:
        """The store state token the index was last brought in step with."""
        row = self.db.execute("SELECT token FROM state").fetchone()
        return row[0] if row else None

    def _set_state(self, token: str | None) -> None:
        self.db.execute("DELETE FROM state")
        if token is not None:
            self.db.execute("INSERT INTO state VALUES (?)", (token,))

    def _write(self, step) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            step()
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _drop(self, graph: str) -> None:
        self.db.execute("DELETE FROM sentences WHERE graph = ?", (graph,))
        self.db.execute("DELETE FROM graphs WHERE graph = ?", (graph,))

    def _index(self, store: ox.Store, graph: str, build: str) -> None:
        self._drop(graph)
        mentions = defaultdict(list)
        for quad in store.quads_for_pattern(None, _SENTENCE, None, ox.NamedNode(graph)):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                mentions[quad.object.value].append(quad.subject.value)
        self.db.executemany("INSERT INTO sentences (graph, text, mentions) VALUES (?, ?, ?)",
                            ((graph, text, "\n".join(sorted(iris))) for text, iris in mentions.items()))
        self.db.execute("INSERT INTO graphs VALUES (?, ?)", (graph, build))

    def reset(self) -> None:
        """Forget every graph: the next refresh reads them all again."""
        self._write(lambda: (self.db.execute("DELETE FROM sentences"), self.db.execute("DELETE FROM graphs"),
                             self._set_state(None)))

    def mentions_containing(self, phrase: str, limit: int = HINT_LIMIT) -> list[str] | None:
        """IRIs of the mentions whose sentence may contain ``phrase`` (a superset), or
        None when there are more than ``limit``."""
        if len(phrase) >= 3:
            rows = self.db.execute(
                "SELECT mentions FROM sentences WHERE id IN "
                "(SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)",
                ('"' + phrase.replace('"', '""') + '"',))
        else:
            rows = self.db.execute("SELECT mentions FROM sentences WHERE instr(text, ?) > 0", (phrase,))
        found: list[str] = []
        for (joined,) in rows:
            found.extend(joined.split("\n"))
            if len(found) > limit:
                return None
        return found


def reset_index(folder: Path | str | None) -> None:
    """Empty the index of the store in ``folder``, if it has one (after a write the index
    cannot follow by build record, such as a SPARQL update)."""
    if folder is None or not (Path(folder) / INDEX_FILE).exists():
        return
    try:
        with SentenceIndex(folder) as index:
            index.reset()
    except sqlite3.Error as e:
        # a stale index could give wrong answers: without it, queries only run slower
        log.warning("could not reset the sentence index in %s (%s); removing it", folder, e)
        (Path(folder) / INDEX_FILE).unlink(missing_ok=True)


def hinted(text: str, bindings: dict | None, store: ox.Store, folder: Path | str | None,
           limit: int = HINT_LIMIT) -> str:
    """``text`` with the sentence index's candidate mentions as a ``VALUES`` hint, when the
    query asks for one (see the module docstring) and the index can give it; else ``text``."""
    names = _header(text)
    if names is None or folder is None:
        return text
    phrase = (bindings or {}).get(names[0])
    if not isinstance(phrase, Literal) or not str(phrase):
        return text
    try:
        with SentenceIndex(folder) as index:
            index.refresh(store)
            found = index.mentions_containing(str(phrase), limit)
    except sqlite3.Error as e:
        log.warning("sentence index in %s not used: %s", folder, e)
        return text
    if found is None:
        return text
    return with_candidate_values(text, names[1], [URIRef(iri) for iri in found])
