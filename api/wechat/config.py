"""WeChat and WeCom settings, read with defaults so the channel works before Settings grows the fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

API_BASE = "https://api.weixin.qq.com"
WECOM_API_BASE = "https://qyapi.weixin.qq.com"
REPLAY_WINDOW_S = 300  # a request signed more than 5 minutes ago (or ahead) is refused


def _text(value: Any) -> str | None:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class WeChatConfig:
    token: str | None
    app_id: str | None
    app_secret: str | None
    aes_key: str | None
    mode: str  # plain | compat | safe
    reply_budget_s: float = 4.0
    max_body_bytes: int = 64_000
    template_id_nudge: str | None = None
    template_field: str = "thing1"  # the template keyword the nudge text goes into
    template_api: str = "template"  # template | subscribe (订阅通知 bizsend)
    turn_workers: int = 2
    turn_backlog: int = 64
    passive_max_inflight: int = 8  # more requests in flight than this: acknowledge only
    sweep_interval_s: float = 5.0
    api_base: str = API_BASE

    @property
    def enabled(self) -> bool:
        return self.token is not None

    @property
    def can_send(self) -> bool:
        return self.app_id is not None and self.app_secret is not None

    @classmethod
    def from_settings(cls, settings: Any) -> WeChatConfig:
        def get(name: str, default: Any) -> Any:
            value = getattr(settings, name, None)
            return default if value is None else value

        return cls(
            token=_text(getattr(settings, "wechat_token", None)),
            app_id=_text(getattr(settings, "wechat_app_id", None)),
            app_secret=_text(getattr(settings, "wechat_app_secret", None)),
            aes_key=_text(getattr(settings, "wechat_aes_key", None)),
            mode=str(get("wechat_mode", "plain")),
            reply_budget_s=float(get("wechat_reply_budget_s", 4.0)),
            max_body_bytes=int(get("wechat_max_body_bytes", 64_000)),
            template_id_nudge=_text(getattr(settings, "wechat_template_id_nudge", None)),
            template_field=str(get("wechat_template_field", "thing1")),
            template_api=str(get("wechat_template_api", "template")),
            turn_workers=max(0, int(get("wechat_turn_workers", 2))),
            turn_backlog=max(0, int(get("wechat_turn_backlog", 64))),
            passive_max_inflight=max(1, int(get("wechat_passive_max_inflight", 8))),
            sweep_interval_s=float(get("wechat_sweep_interval_s", 5.0)),
        )


@dataclass(frozen=True)
class WeComConfig:
    corp_id: str | None
    agent_id: str | None
    secret: str | None
    api_base: str = WECOM_API_BASE

    @property
    def configured(self) -> bool:
        return bool(self.corp_id and self.agent_id and self.secret)

    @classmethod
    def from_settings(cls, settings: Any) -> WeComConfig:
        return cls(
            corp_id=_text(getattr(settings, "wecom_corp_id", None)),
            agent_id=_text(getattr(settings, "wecom_agent_id", None)),
            secret=_text(getattr(settings, "wecom_secret", None)),
        )
