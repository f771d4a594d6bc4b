""".env.example documents every setting the code reads."""
from __future__ import annotations

from pathlib import Path

from bot.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def test_every_setting_is_in_env_example_with_a_comment() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for name in Settings.model_fields:
        variable = f"CCHC_{name.upper()}"
        at = next((i for i, line in enumerate(lines) if line.lstrip("# ").startswith(variable + "=")), None)
        assert at is not None, f"{variable} is missing from .env.example"
        above = lines[:at]
        assert any(line.startswith("# ") and "=" not in line.split()[1] for line in above[-6:]), variable
