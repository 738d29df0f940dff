"""The synthetic corpus generator (fzgraph.synth): determinism, truth that
matches the text, ingestion, diffusion, the command and the data files."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from fzgraph.nlp.data import load_tables
from fzgraph.synth import generate
from fzgraph.synth.command import synth

YEARS = range(2019, 2026)
REPORTS = 14  # two jurisdictions x seven years
CHARS = 5000
STATUSES = {"implemented", "planned", "piloted", "first_in_region", "recognised_model", "problem"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    generate(out, REPORTS, seed=3, chars=CHARS, years=YEARS)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _truths(corpus: Path) -> list[tuple[dict, str]]:
    out = []
    for path in sorted((corpus / "truth").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        out.append((record, (corpus / "reports" / record["report"]).read_text(encoding="utf-8")))
    return out


def _tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


# ---------------------------------------------------------------- layout and determinism


def test_layout(corpus):
    reports = sorted(p.name for p in (corpus / "reports").iterdir())
    truths = sorted(p.name for p in (corpus / "truth").iterdir())
    assert len(reports) == REPORTS
    assert all(re.fullmatch(r"\d{5}_\d{6}_20\d\d\.txt", name) for name in reports)
    assert [Path(n).stem for n in truths] == [Path(n).stem for n in reports]
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 3 and manifest["arguments"]["reports"] == REPORTS
    assert manifest["counts"]["reports"] == REPORTS
    chars = sum(len((corpus / "reports" / n).read_text(encoding="utf-8")) for n in reports)
    assert manifest["counts"]["characters"] == chars
    assert 0.8 * CHARS * REPORTS < chars < 1.5 * CHARS * REPORTS


def test_same_seed_same_bytes_other_seed_other_text(corpus, tmp_path):
    again = tmp_path / "again"
    generate(again, REPORTS, seed=3, chars=CHARS, years=YEARS)
    assert _files(again) == _files(corpus)
    other = tmp_path / "other"
    generate(other, 3, seed=4, chars=CHARS, years=YEARS)
    first = sorted((other / "reports").iterdir())[0].read_bytes()
    assert first not in _files(corpus).values()


def test_rerun_replaces_an_earlier_corpus(tmp_path):
    generate(tmp_path, 4, seed=1, chars=2000, years=[2020, 2021])
    generate(tmp_path, 2, seed=1, chars=2000, years=[2020, 2021])
    assert len(list((tmp_path / "reports").iterdir())) == 2
    assert len(list((tmp_path / "truth").iterdir())) == 2


# ---------------------------------------------------------------- truth matches the text


def test_every_context_is_unique_and_holds_its_text(corpus):
    from fzgraph.ingest import ingest_file
    from fzgraph.ingest.clean import normalise_chars

    for record, text in _truths(corpus):
        clean = ingest_file(corpus / "reports" / record["report"]).text
        for kind in ("practices", "indicators", "policies", "institutions", "distractors"):
            for item in record[kind]:
                context, span = item["context"], item["text"]
                assert span and span in context, (kind, item)
                assert len(context) >= 12, (kind, item)
                assert not re.search(r"[。；！？\n]", context), (kind, item)  # inside one sentence
                assert text.count(context) == 1, (kind, item)
                assert clean.count(normalise_chars(context)) == 1, (kind, item)


FORMS = load_tables().institution_forms


def test_truth_fields_follow_the_guidelines(corpus):
    for record, _text in _truths(corpus):
        assert set(record) >= {"report", "practices", "indicators", "policies", "institutions"}
        for item in record["practices"]:
            assert item["status"] in STATUSES
            assert (item["region"] is not None) == (item["status"] == "first_in_region")
            assert item["name"]
        for item in record["indicators"]:
            assert item["qualifier"] in {"exact", "approximate", "at_least", "at_most", "change", "total"}
            assert (item["direction"] is not None) == (item["qualifier"] == "change")
            float(item["value"])
        for item in record["policies"]:
            assert item["text"] == f"《{item['title']}》"
            assert item["type"] in {"law", "regulation", "rules", "outline", "local_measure", "notice", "other"}
        for item in record["institutions"]:
            # the full name keeps the written ending, or has it in official form (县委 -> 中共…县委员会)
            official = [full for short, full, _ in FORMS if item["text"].endswith(short)]
            assert item["full_name"].endswith(item["text"][-2:]) or any(
                item["full_name"].endswith(full) for full in official), item


def test_facts_tsv_agrees_with_the_span_truth(corpus):
    practices, indicators = set(), set()
    for record, _text in _truths(corpus):
        code, year = record["jurisdiction_code"], str(record["year"])
        practices |= {(code, year, i["practice"], i["status"]) for i in record["practices"] if i["practice"]}
        indicators |= {(code, year, i["metric"], i["value"], i["unit"] or "") for i in record["indicators"]
                       if i["metric"]}
    facts = {tuple(r.values()) for r in _tsv(corpus / "facts.tsv")}
    assert facts == practices
    assert {tuple(r.values()) for r in _tsv(corpus / "indicators.tsv")} == indicators
    statuses = {r["status"] for r in _tsv(corpus / "facts.tsv")}
    assert {"implemented", "planned"} <= statuses <= STATUSES


def test_facts_follow_the_adoption_years(corpus):
    adopted = {(r["jurisdiction_code"], r["practice"]): int(r["year"]) for r in _tsv(corpus / "adoptions.tsv")}
    for r in _tsv(corpus / "facts.tsv"):
        year = adopted.get((r["jurisdiction_code"], r["practice"]))
        if r["status"] in ("implemented", "piloted", "first_in_region", "recognised_model"):
            assert year is not None and year <= int(r["year"]), r
        if r["status"] in ("first_in_region", "piloted"):
            assert year == int(r["year"]), r


def test_ingestion_finds_the_intended_jurisdiction_and_year(corpus):
    from fzgraph.ingest import ingest_file

    for path in sorted((corpus / "reports").iterdir()):
        _index, code, year = path.stem.split("_")
        meta = ingest_file(path).meta
        assert (meta.jurisdiction_code, meta.year) == (code, int(year)), path.name


def test_titles_resolve_for_ambiguous_names():
    """A county whose name repeats across China (鼓楼区) gets a title naming its city."""
    from fzgraph.resolver import resolve_report_jurisdiction
    from fzgraph.synth.corpus import title_templates
    from fzgraph.synth.population import load_population
    from fzgraph.synth.templates import load_templates

    pop = load_population()
    titles = load_templates()["title"]
    ambiguous = [c for c in pop.counties if len(pop.table.candidates(pop[c].name)) > 1][:15]
    assert ambiguous
    for code in ambiguous:
        usable = title_templates(pop, code, titles)
        assert 0 < len(usable) < len(titles)
        for t in usable:
            words = {"PROV": pop.province(code).name, "CITY": pop.parent(code).name, "JN": pop[code].name,
                     "Y": "2021"}
            title = "".join(x if isinstance(x, str) else words[x[0]] for x in t.tokens)
            assert resolve_report_jurisdiction(pop.table, title, title).unit.code == code


def test_extraction_scores_well_but_not_perfectly(corpus):
    from fzgraph.evaluate import evaluate

    scores = evaluate(corpus / "truth", corpus / "reports")["all"]
    for kind in ("practices", "indicators", "institutions"):
        p, r, f = scores[kind].prf
        assert 0.75 < f < 0.995, (kind, p, r)
    assert scores["practices"].accuracy("status") < 1.0


# ---------------------------------------------------------------- diffusion


@pytest.fixture(scope="module")
def world():
    from fzgraph.synth.diffusion import cached_world

    return cached_world(0, 2026)


def test_counties_follow_their_city(world):
    """Counties whose city adopts a practice adopt it earlier than counties whose city never does."""
    nc = world.n_counties
    years = world.years[:nc].astype(float)
    years[years == 0] = world.last_year + 1  # never: censored after the last year
    city_adopts = world.years[world.parent] > 0
    followed, others = [], []
    for p in range(len(world.practices)):
        mask = city_adopts[:, p]
        if mask.any() and (~mask).any():
            followed.append(years[mask, p].mean())
            others.append(years[~mask, p].mean())
    assert np.mean(followed) < np.mean(others) - 1.0


def test_pioneers_come_first_and_adoption_is_s_shaped(world):
    nc = world.n_counties
    years = world.years[:nc]
    assert years[world.pioneer].mean() < years[(~world.pioneer) & (years > 0)].mean() - 2
    assert (years[world.pioneer] == world.intro[np.nonzero(world.pioneer)[1]]).all()
    popular = np.nonzero((years > 0).mean(axis=0) > 0.6)[0]
    curve = np.mean([[((years[:, p] > 0) & (years[:, p] <= world.intro[p] + k)).mean() for k in range(12)]
                     for p in popular], axis=0)
    increments = np.diff(curve)
    peak = int(np.argmax(increments))
    assert 0 < peak < len(increments) - 1  # slow start, faster middle, slower end
    assert increments[0] < increments[peak] / 2 and increments[-1] < increments[peak]


def test_neighbours_matter(world):
    """A county adopts sooner when more of its neighbours adopted before it (pooled over practices)."""
    index = world.index
    nc = world.n_counties
    from fzgraph.synth.population import load_population

    near = load_population().neighbours
    early, late = [], []
    rng = np.random.default_rng(0)
    for p in rng.choice(len(world.practices), 40, replace=False):
        years = world.years[:nc, p]
        t = int(world.intro[p]) + 4
        if t > world.last_year:
            continue
        for code in world.codes[:nc:7]:
            i = index[code]
            if 0 < years[i] <= t:
                continue
            nb = [index[c] for c in near.get(code, ())]
            if not nb:
                continue
            share = np.mean([0 < years[j] <= t for j in nb])
            (early if share >= 0.5 else late).append(0 < years[i] <= t + 2)
    assert early and late and np.mean(early) > np.mean(late)


# ---------------------------------------------------------------- the command


def test_command_writes_and_summarises(tmp_path, runner):
    out = tmp_path / "c"
    result = runner.invoke(synth, ["--reports", "2", "--chars", "2000", "-o", str(out), "--seed", "5", "--silent"])
    assert result.exit_code == 0, result.output
    assert re.match(r"2 reports, \d+ characters, \d+ facts .*, [\d.]+ s", result.output)
    assert len(list((out / "reports").iterdir())) == 2


def test_command_refuses_a_non_empty_folder(tmp_path, runner):
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = runner.invoke(synth, ["--reports", "2", "-o", str(out)])
    assert result.exit_code != 0
    assert str(out) in result.output and "--force" in result.output
    assert not (out / "reports").exists()
    result = runner.invoke(synth, ["--reports", "2", "--chars", "2000", "-o", str(out), "--force", "--silent"])
    assert result.exit_code == 0, result.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_command_rejects_bad_arguments(tmp_path, runner):
    assert runner.invoke(synth, ["--reports", "0", "-o", str(tmp_path / "x")]).exit_code == 2
    assert runner.invoke(synth, ["-o", str(tmp_path / "x")]).exit_code == 2
    result = runner.invoke(synth, ["--reports", "10000000", "-o", str(tmp_path / "y")])
    assert result.exit_code == 1 and "at most" in result.output


# ---------------------------------------------------------------- the data files


def test_templates_parse_and_name_only_their_slots():
    """Literal template text states no fact by accident: no practice label, no
    generic institution name (those are written through slots)."""
    from fzgraph.synth.templates import load_templates
    from fzgraph.synth.vocab import load_vocabulary

    vocab = load_vocabulary()
    for kind, templates in load_templates().items():
        if kind in ("title", "head", "foot"):
            continue
        for t in templates:
            literal = "□".join(x if isinstance(x, str) else "□" for x in t.tokens)
            assert not vocab.practice_hits(literal), (kind, t.text, vocab.practice_hits(literal))
            assert not [g for g in vocab.generic_institutions if g in literal], (kind, t.text)
            for token in t.tokens:
                if isinstance(token, tuple) and token[0] == "IG":
                    assert token[1] in vocab.generic_institutions, t.text


def test_status_templates_carry_their_cue_words():
    """A practice sentence of a status holds a cue word of that status
    (ontology/cues.tsv); an implemented clause holds none, so the truth's status
    is the one a reader takes."""
    from fzgraph.synth.templates import load_templates
    from fzgraph.synth.vocab import load_vocabulary

    cues = load_vocabulary().cues
    templates = load_templates()
    other = {k: v for k, v in cues.items() if k in STATUSES and k != "implemented"}
    for status in ("piloted", "first_in_region", "recognised_model"):
        for t in templates[f"p:{status}"]:
            assert any(w in t.text for w in cues[status]), t.text
    for kind in ("c:impl", "c:leader", "c:ind:count", "c:ind:rate", "c:pol", "c:inst", "c:lead", "effect"):
        for t in templates[kind]:
            found = [w for words in other.values() for w in words if w in t.text]
            assert not found, (kind, t.text, found)


def test_metrics_and_practices_come_from_the_ontology():
    from fzgraph.schemes import metrics, practices
    from fzgraph.synth.vocab import load_vocabulary

    vocab = load_vocabulary()
    scheme = practices()
    assert set(vocab.practices) == {s for s, c in scheme.concepts.items() if not c.top}
    assert set(vocab.metrics) <= set(metrics().concepts)
    by_area = defaultdict(int)
    for slug in vocab.metrics:
        by_area[vocab.metrics[slug].area] += 1
    assert len(by_area) >= 6
