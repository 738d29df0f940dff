"""More distinct reports from the seeds: each seed with its jurisdiction
swapped for a sibling unit of the same parent (昌乐县 -> 临朐县), so that a
corpus of many reports with different report IRIs can be built in tests."""

from __future__ import annotations

from pathlib import Path


def make_variants(seed_paths: dict[str, Path], table, target: Path, per_seed: int) -> list[Path]:
    """Write the seeds and up to ``per_seed`` variants of each into ``target``."""
    from fzgraph.ingest import ingest_file

    target.mkdir(parents=True, exist_ok=True)
    written = []
    for key, path in sorted(seed_paths.items()):
        text = path.read_text(encoding="utf-8")
        doc = ingest_file(path, table=table)
        unit = table[doc.meta.jurisdiction_code]
        siblings = sorted((u for u in table.units.values()
                           if u.parent_code == unit.parent_code and u.level == unit.level and u.code != unit.code),
                          key=lambda u: u.code)
        (target / path.name).write_text(text, encoding="utf-8")
        written.append(target / path.name)
        for sibling in siblings[:per_seed]:
            variant = text.replace(unit.name, sibling.name)
            for old, new in zip(unit.short_names, sibling.short_names, strict=False):
                variant = variant.replace(old, new)
            out = target / f"{key}_{sibling.code}.txt"
            out.write_text(variant, encoding="utf-8")
            written.append(out)
    return written
