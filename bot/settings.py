"""One typed settings object, loaded once from CCHC_* environment variables and .env, passed explicitly."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from corpus.dates import DEFAULT_TIMEZONE
from corpus.errors import UserError

BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "texts"


class Settings(BaseSettings):
    """Everything an administrator can set; see .env.example."""

    model_config = SettingsConfigDict(env_prefix="CCHC_", env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore", frozen=True)

    data_dir: Path = Path("data")
    database_url: str | None = None
    db_timeout: float = Field(default=30.0, gt=0)  # seconds to wait for a database locked by another process
    corpus_dir: Path = BUNDLED_CORPUS
    telegram_token: SecretStr | None = None
    telegram_base_url: str | None = None  # a Bot API server other than Telegram's (tests, local server)
    telegram_timeout: float = Field(default=10.0, gt=0)  # seconds to wait for the Bot API to answer a request
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    admin_chat_id: int | None = None
    coordinator_chat_id: int | None = None
    # Tasks of a newly stored directive are reminded at once (true) or wait for the coordinator's review (false).
    auto_confirm: bool = False
    public_access: bool = True
    max_file_mb: float = Field(default=10.0, gt=0)
    ingest_workers: int = Field(default=0, ge=0)  # processes preparing a batch of files (0: one per CPU, at most 4)
    max_message_chars: int = Field(default=2000, gt=0)
    questions_per_minute: int = Field(default=20, gt=0)
    timezone: str = DEFAULT_TIMEZONE
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    reminder_days_before: Annotated[tuple[int, ...], NoDecode] = (7, 3, 1, 0)
    reminder_hour: int = Field(default=8, ge=0, le=23)
    overdue_daily_working_days: int = 3
    escalate_after_working_days: int = 3
    # the weekly digest's day: 2..7 for thứ Hai..thứ Bảy, CN (or 8) for Chủ nhật, as offices write them;
    # held as Python's weekday (0 = Monday)
    digest_weekday: int = Field(default=0, ge=0, le=6)

    @field_validator("admin_ids", "reminder_days_before", mode="before")
    @classmethod
    def _split_ints(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(x) for x in value.replace(";", ",").split(",") if x.strip())
        return value

    @field_validator("digest_weekday", mode="before")
    @classmethod
    def _weekday(cls, value: object) -> object:
        if isinstance(value, int) or value is None:
            return value
        from corpus.text import key

        text = key(str(value)).removeprefix("thu ").strip()
        names = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5, "cn": 6, "chu nhat": 6}
        if text in names:
            return names[text]
        if text.isdigit() and 2 <= int(text) <= 8:
            return int(text) - 2
        raise ValueError("phải là 2..7 (thứ Hai..thứ Bảy) hoặc CN (Chủ nhật)")

    @property
    def db_url(self) -> str:
        """The database URL: CCHC_DATABASE_URL, else SQLite in the data directory."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'cchc.sqlite3').resolve()}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def load_settings(**overrides: object) -> Settings:
    """Read the settings once; a wrong value stops with a message that names the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = [f"CCHC_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()]
        raise UserError("Cấu hình không hợp lệ:\n" + "\n".join(lines)) from None
