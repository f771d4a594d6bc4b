"""The `cchc` command line: every command has help with an example; ingest and documents --json on the seeds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from tests.conftest import SEEDS
from tests.gold import gold_docs, loose

RUNNER = CliRunner()


def run(args: list[str], data_dir: Path) -> str:
    result = RUNNER.invoke(app, args, env={"CCHC_DATA_DIR": str(data_dir)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", sorted(c.name or c.callback.__name__ for c in app.registered_commands))
def test_every_command_has_help_with_an_example(command: str, tmp_path: Path) -> None:
    out = run([command, "--help"], tmp_path)
    assert "Example:" in out or "Ví dụ" in out, out


def test_ingest_then_documents_json_gives_the_gold_header_facts(tmp_path: Path) -> None:
    out = run(["ingest", str(SEEDS)], tmp_path)
    assert "Tổng: 5/5 tệp" in out
    docs = {d["file"]: d for d in json.loads(run(["documents", "--json"], tmp_path))}
    assert len(docs) == 5
    for g in gold_docs():
        d = docs[g["file"]]
        assert (d["kind"], d["number"]) == (g["kind"], g["number"])
        assert loose(d["issuer"]) == loose(g["issuer"])
        assert g["locality"]["district"] in d["locality"] and g["locality"]["province"] in d["locality"]
        assert d["issued"] == {"year": g["issued"]["year"], "month": g["issued"]["month"], "day": g["issued"]["day"]}
        assert loose(d["subject"]) == loose(g["subject"])
        assert d["signer"] == g["signer"]
        assert len(d["recipients"]) == len(g.get("recipients", d["recipients"]))
    again = run(["ingest", str(SEEDS)], tmp_path)
    assert again.count("không đổi") == 5


def test_a_bad_file_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "rong.txt").write_bytes(b"")
    (folder / "tot.txt").write_text((SEEDS / "000_e729732cc6e22462.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = RUNNER.invoke(app, ["ingest", str(folder)], env={"CCHC_DATA_DIR": str(tmp_path / "d")})
    assert result.exit_code == 1
    assert "rong.txt" in result.output and "đã thêm" in result.output


def test_tasks_json_lists_the_nine_dated_gold_tasks(tmp_path: Path) -> None:
    run(["ingest", str(SEEDS)], tmp_path)
    tasks = json.loads(run(["tasks", "--json"], tmp_path))
    dated = {(t["document"]["file"], t["deadline"]["date"], t["deadline"]["time"]) for t in tasks
             if t["deadline"] and t["deadline"]["date"]}
    for g in gold_docs():
        for t in g.get("tasks", []):
            if t.get("deadline"):
                assert (g["file"], str(t["deadline"]["date"]), t["deadline"]["time"]) in dated
    one = tasks[0]
    assert set(one) >= {"id", "document", "what", "units", "roles", "deadline", "submit_to", "section", "quote"}


def test_unknown_unit_is_a_clear_message(tmp_path: Path) -> None:
    run(["ingest", str(SEEDS)], tmp_path)
    result = RUNNER.invoke(app, ["ask", "hạn nộp?", "--unit", "Phòng Không Có"],
                           env={"CCHC_DATA_DIR": str(tmp_path)})
    assert result.exit_code != 0
    assert "Không có đơn vị" in (result.output + str(result.exception))


def test_ask_on_a_first_start_reads_the_bundled_corpus_and_prints_only_json(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["ask", "--json", "hạn nộp kế hoạch CCHC năm 2024?"],
                           env={"CCHC_DATA_DIR": str(tmp_path / "fresh")}, catch_exceptions=False)
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert answer["answers"][0]["deadline"]["date"] == "2024-01-31"
    assert "Lần chạy đầu" in result.stderr
