"""Each `cchc` command opens the services once and closes them when it ends, whether it succeeded or failed."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from bot.services import Services
from bot.settings import Settings
from tests.conftest import SEEDS

RUNNER = CliRunner()
LETTER = SEEDS / "000_e729732cc6e22462.txt"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Services]]:
    """The services each command started and closed (filled by wrappers around Services.start and close)."""
    seen: dict[str, list[Services]] = {"started": [], "closed": []}
    start, close = Services.start.__func__, Services.close  # type: ignore[attr-defined]

    def counted_start(cls: type[Services], settings: Settings) -> Services:
        services = start(cls, settings)
        seen["started"].append(services)
        return services

    def counted_close(self: Services) -> None:
        seen["closed"].append(self)
        close(self)

    monkeypatch.setattr(Services, "start", classmethod(counted_start))
    monkeypatch.setattr(Services, "close", counted_close)
    return seen


@pytest.mark.parametrize(("args", "code"), [
    (["ingest", str(LETTER)], 0),
    (["documents", "--json"], 0),
    (["search", "kế hoạch"], 0),
    (["ask", "hạn nộp báo cáo?", "--today", "2024-03-01"], 0),  # first start path (prepare): already stored
    (["tiendo"], 0),
    (["remind", "--dry-run", "--now", "2024-03-01 08:00"], 0),
    (["reindex"], 0),
    (["show", "khong-co.txt"], 2),  # fails inside the command: closed all the same
    (["review", "--task", "999999", "--deadline", "01/01/2030"], 2),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_a_command_opens_the_services_once_and_closes_them(tmp_path: Path, opened: dict[str, list[Services]],
                                                            args: list[str], code: int) -> None:
    env = {"CCHC_DATA_DIR": str(tmp_path / "data"), "CCHC_DATABASE_URL": None}
    assert RUNNER.invoke(app, ["ingest", str(LETTER)], env=env).exit_code == 0
    opened["started"].clear()
    opened["closed"].clear()
    result = RUNNER.invoke(app, args, env=env)
    assert result.exit_code == code, result.output
    assert len(opened["started"]) == 1
    assert opened["closed"] == opened["started"]


def test_a_command_that_fails_before_opening_them_opens_nothing(tmp_path: Path,
                                                                opened: dict[str, list[Services]]) -> None:
    env = {"CCHC_DATA_DIR": str(tmp_path / "data"), "CCHC_DATABASE_URL": None}
    result = RUNNER.invoke(app, ["tasks", "--due-from", "2024-02-30"], env=env)
    assert result.exit_code == 2 and "2024-02-30" in result.output
    assert opened["started"] == [] and opened["closed"] == []
