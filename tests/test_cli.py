"""The command line: output, JSON, exit codes 0 (ok), 1 (domain error), 2 (usage)."""

from __future__ import annotations

import json

from fzgraph import __version__
from fzgraph.cli import cli


def test_cli_ingest_table_lists_each_report(runner, seeds_dir):
    result = runner.invoke(cli, ["ingest", str(seeds_dir)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].split() == ["file", "jurisdiction", "code", "year", "chars", "sections"]
    assert len(lines) == 6
    row = next(line for line in lines if line.startswith("001_"))
    assert row.split()[1:4] == ["昌乐县", "370725", "2020"]
    assert row.split()[-1] == "APN"


def test_cli_ingest_json_one_object_per_report(runner, seeds_dir):
    result = runner.invoke(cli, ["ingest", str(seeds_dir), "--json"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 5
    by_code = {r["meta"]["jurisdiction_code"]: r for r in records}
    assert by_code["210212"]["meta"]["year"] == 2019
    assert by_code["210212"]["meta"]["how"]["year"].startswith("title")
    assert len(by_code["440704"]["sha256"]) == 64
    assert "text" not in by_code["440704"]


def test_cli_ingest_bad_file_exit_1_with_one_line(runner, tmp_path, seed_paths):
    (tmp_path / "good.txt").write_bytes(seed_paths["003"].read_bytes())
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(cli, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {tmp_path / 'bad.txt'}: binary content, not text (wrong extension?)"]
    assert "江海区" in result.stdout


def test_cli_ingest_skip_is_not_failure(runner, tmp_path, seed_paths):
    (tmp_path / "good.txt").write_bytes(seed_paths["003"].read_bytes())
    (tmp_path / "table.xlsx").write_bytes(b"\x00" * 10)
    result = runner.invoke(cli, ["ingest", str(tmp_path)])
    assert result.exit_code == 0
    assert f"skipped: {tmp_path / 'table.xlsx'}: unknown file type" in result.stderr


def test_cli_usage_error_exit_2(runner):
    assert runner.invoke(cli, ["ingest"]).exit_code == 2
    assert runner.invoke(cli, ["ingest", "/no/such/path"]).exit_code == 2
    assert runner.invoke(cli, ["no-such-command"]).exit_code == 2


def test_cli_version_and_short_help(runner):
    assert runner.invoke(cli, ["--version"]).stdout.strip() == f"fzgraph, version {__version__}"
    result = runner.invoke(cli, ["-h"])
    assert result.exit_code == 0 and "ingest" in result.stdout


def test_cli_empty_folder_is_domain_error(runner, tmp_path):
    result = runner.invoke(cli, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    assert "no files found" in result.stderr
