"""Writing a synthetic corpus to disk: reports, their gold annotations, the
graph-level facts, the model's adoption years and a manifest.

Layout of the output folder::

    reports/{index:05d}_{code}_{year}.txt   the reports (nothing else in this folder)
    truth/{same stem}.json                  span-level truth in the gold format of tests/gold
    facts.tsv                               jurisdiction_code, year, practice, status (distinct facts,
                                            sorted by jurisdiction and year)
    indicators.tsv                          jurisdiction_code, year, metric, value, unit (likewise)
    adoptions.tsv                           jurisdiction_code, practice, year: the diffusion model's
                                            adoption years for the corpus's jurisdictions (reported or not)
    manifest.json                           generator version, seed, arguments, counts

Everything is a function of the arguments and the seed: each report draws
from its own random source seeded by (seed, code, year), so the same call
writes the same bytes.
"""

from __future__ import annotations

import gc
import json
import math
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import __version__
from .diffusion import cached_world
from .plan import plan_report
from .population import load_population, select_units
from .templates import load_templates
from .truth import KINDS, build_record
from .vocab import load_vocabulary
from .writer import Writer

__all__ = ["GENERATOR_VERSION", "Manifest", "dump_record", "generate", "report_stem"]

GENERATOR_VERSION = "1"
ATTEMPTS = 6


@dataclass
class Manifest:
    """What a corpus holds and how it was made."""

    generator: str
    version: str
    fzgraph_version: str
    seed: int
    arguments: dict
    counts: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def report_stem(index: int, code: str, year: int) -> str:
    return f"{index:05d}_{code}_{year}"


def _dedupe(title: str, names) -> str:
    for name in names:
        while name + name in title:
            title = title.replace(name + name, name)
    return title


def title_templates(pop, code: str, templates) -> list:
    """The title templates whose title the project's resolver maps back to ``code``."""
    from ..errors import JurisdictionError
    from ..resolver import resolve_report_jurisdiction

    unit = pop[code]
    parent = pop.parent(code) or unit
    province = pop.province(code) or unit
    words = {"PROV": province.name, "CITY": parent.name, "JN": unit.name, "Y": "2020"}
    ok = []
    for t in templates:
        title = "".join(tok if isinstance(tok, str) else words.get(tok[0], "") for tok in t.tokens)
        title = _dedupe(title, (province.name, parent.name))
        try:
            res = resolve_report_jurisdiction(pop.table, title, title)
        except JurisdictionError:
            continue
        if res.unit.code == code:
            ok.append(t)
    return ok or list(templates[:1])


def generate(out_dir, reports: int, seed: int = 0, chars: int = 15000, years=range(2019, 2026),
             progress=None) -> Manifest:
    """Write a corpus of ``reports`` synthetic reports of about ``chars``
    characters each, for ``years``, into ``out_dir`` (see the module
    docstring for the layout; reports and truth files of an earlier corpus
    there are removed first); ``progress(done, total)`` is called after each
    report. Returns the manifest (also written as ``manifest.json``).

    Raises ValueError for arguments out of range (more reports than
    jurisdictions x years, no years, fewer than 1000 characters)."""
    years = sorted({int(y) for y in years})
    if reports < 1:
        raise ValueError("reports must be at least 1")
    if not years:
        raise ValueError("no years given")
    if chars < 1000:
        raise ValueError("chars must be at least 1000")
    out = Path(out_dir)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    _clear(out)
    vocab = load_vocabulary()
    templates = load_templates()
    pop = load_population()
    world = cached_world(seed, years[-1] + 1)
    units = select_units(pop, math.ceil(reports / len(years)), seed)
    # millions of fact tuples accumulate below; the cyclic collector would walk them over and over (nothing
    # made here forms a reference cycle that needs it), so it pauses until the corpus is written
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _generate(out, reports, seed, chars, years, units, vocab, templates, pop, world, progress)
    finally:
        if collecting:
            gc.enable()


def _generate(out, reports, seed, chars, years, units, vocab, templates, pop, world, progress) -> Manifest:
    # jurisdictions in code order, so that the files and the fact tables come out sorted by code and year
    jobs = [(code, year) for code in sorted(units) for year in years][:reports]
    writer = Writer(vocab, templates, pop, world, seed)
    titles: dict[str, list] = {}
    spans: Counter = Counter()
    statuses: Counter = Counter()
    characters = n_facts = n_indicators = 0
    files = _FileWriter()
    facts = _open_tsv(out / "facts.tsv", ("jurisdiction_code", "year", "practice", "status"))
    indicators = _open_tsv(out / "indicators.tsv", ("jurisdiction_code", "year", "metric", "value", "unit"))
    try:
        for index, (code, year) in enumerate(jobs):
            if code not in titles:
                titles[code] = title_templates(pop, code, templates["title"])
            stem = report_stem(index, code, year)
            text, record = _report(writer, world, vocab, pop, code, year, chars, seed, titles[code], stem)
            files.put((out / "reports" / f"{stem}.txt", text))
            files.put((out / "truth" / f"{stem}.json", dump_record(record)))
            characters += len(text)
            for kind in (*KINDS, "distractors"):
                spans[kind] += len(record[kind])
            # a report is its jurisdiction's only one for its year: its facts are new to the tables
            own = sorted({(i["practice"], i["status"]) for i in record["practices"] if i["practice"]})
            facts.writelines(f"{code}\t{year}\t{slug}\t{status}\n" for slug, status in own)
            statuses.update(status for _, status in own)
            values = sorted({(i["metric"], i["value"], i["unit"] or "") for i in record["indicators"] if i["metric"]})
            indicators.writelines(f"{code}\t{year}\t{m}\t{v}\t{u}\n" for m, v, u in values)
            n_facts += len(own)
            n_indicators += len(values)
            if progress:
                progress(index + 1, len(jobs))
    except BaseException:
        files.close(raise_error=False)
        raise
    finally:
        facts.close()
        indicators.close()
    files.close()
    reporting = sorted(set(units))
    adoptions = [(code, slug, int(y)) for code in reporting
                 for slug, y in zip(world.practices, world.row(code).tolist(), strict=True) if y]
    _write_tsv(out / "adoptions.tsv", ("jurisdiction_code", "practice", "year"), sorted(adoptions))
    manifest = Manifest(
        generator="fzgraph.synth", version=GENERATOR_VERSION, fzgraph_version=__version__, seed=seed,
        arguments={"reports": reports, "chars": chars, "years": years},
        counts={"reports": len(jobs), "jurisdictions": len(reporting), "characters": characters,
                "spans": {k: spans[k] for k in (*KINDS, "distractors")},
                "facts": {"practices": n_facts, "by_status": dict(sorted(statuses.items())),
                          "indicators": n_indicators, "adoptions": len(adoptions)}},
        files={"reports": "reports/", "truth": "truth/", "facts": "facts.tsv", "indicators": "indicators.tsv",
               "adoptions": "adoptions.tsv"})
    (out / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def _report(writer, world, vocab, pop, code, year, chars, seed, titles, stem) -> tuple[str, dict]:
    """One report's text and gold record; drawn again (with the next random source) in the rare case
    that a span has no unique context within its sentence."""
    for attempt in range(ATTEMPTS):
        rng = random.Random(f"{seed}/{code}/{year}/{attempt}")
        plan = plan_report(world, vocab, pop, code, year, chars, rng, seed)
        text, anns, distractors = writer.write(plan, chars, rng, titles)
        record = build_record(f"{stem}.txt", code, year, text, anns, distractors, rng)
        if record is not None:
            return text, record
    raise RuntimeError(f"could not write report {stem} with unique contexts")  # pragma: no cover


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def dump_record(record: dict) -> str:
    """A gold record as JSON, one annotation per line (the C encoder, as no indent is asked of it)."""
    dumps = _ENCODE
    lines = ["{"]
    keys = list(record)
    for i, key in enumerate(keys):
        value = record[key]
        end = "," if i < len(keys) - 1 else ""
        if isinstance(value, list):
            if not value:
                lines.append(f" {dumps(key)}: []{end}")
                continue
            lines.append(f" {dumps(key)}: [")
            # one encoder call for the whole list, cut into one item per line where items meet
            encoded = dumps(value)[1:-1]
            if encoded.count("}, {") == len(value) - 1:
                lines.append("  " + encoded.replace("}, {", "},\n  {"))
            else:  # a value holds "}, {" itself
                lines.append(",\n".join("  " + dumps(item) for item in value))
            lines.append(f" ]{end}")
        else:
            lines.append(f" {dumps(key)}: {dumps(value)}{end}")
    lines.append("}")
    return "\n".join(lines) + "\n"


_STEM = re.compile(r"\d{5}_[0-9A-Za-z-]+_\d{4}")


def _clear(out: Path) -> None:
    """Remove the reports and truth files of an earlier corpus in ``out`` (nothing else)."""
    for folder, suffix in (("reports", ".txt"), ("truth", ".json")):
        for path in (out / folder).iterdir():
            if path.suffix == suffix and _STEM.fullmatch(path.stem) and path.is_file():
                path.unlink()


class _FileWriter:
    """Writes files on a background thread, so that disk waits overlap the
    next report's generation; the first error is raised by :meth:`put` or
    :meth:`close`."""

    def __init__(self, depth: int = 64):
        import queue
        import threading

        self.queue: queue.Queue = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="fzgraph-synth-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            job = self.queue.get()
            if job is None:
                return
            if self.error is None:
                path, text = job
                try:
                    path.write_text(text, encoding="utf-8")
                except BaseException as e:  # reported to the generating thread
                    self.error = e

    def put(self, job) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(job)

    def close(self, raise_error: bool = True) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None and raise_error:
            raise self.error


def _open_tsv(path: Path, header: tuple[str, ...]):
    fh = path.open("w", encoding="utf-8", newline="")
    fh.write("\t".join(header) + "\n")
    return fh


def _write_tsv(path: Path, header: tuple[str, ...], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(header) + "\n")
        for row in rows:
            fh.write("\t".join(map(str, row)) + "\n")
