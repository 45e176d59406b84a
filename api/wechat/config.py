"""WeChat and WeCom settings: the channel's view of `coach.settings.Settings`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from coach.settings import Settings

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
    sender_max_messages: int = 20  # more inbound messages than this within the window: rate limited
    sender_window_s: int = 60
    api_base: str = API_BASE

    @property
    def enabled(self) -> bool:
        return self.token is not None

    @property
    def can_send(self) -> bool:
        return self.app_id is not None and self.app_secret is not None

    @classmethod
    def from_settings(cls, settings: Settings) -> WeChatConfig:
        return cls(
            token=_text(settings.wechat_token),
            app_id=_text(settings.wechat_app_id),
            app_secret=_text(settings.wechat_app_secret),
            aes_key=_text(settings.wechat_aes_key),
            mode=settings.wechat_mode,
            reply_budget_s=settings.wechat_reply_budget_s,
            max_body_bytes=settings.wechat_max_body_bytes,
            template_id_nudge=_text(settings.wechat_template_id_nudge),
            template_field=settings.wechat_template_field,
            template_api=settings.wechat_template_api,
            turn_workers=max(0, settings.wechat_turn_workers),
            turn_backlog=max(0, settings.wechat_turn_backlog),
            passive_max_inflight=max(1, settings.wechat_passive_max_inflight),
            sweep_interval_s=settings.wechat_sweep_interval_s,
            sender_max_messages=max(1, settings.wechat_sender_max_messages),
            sender_window_s=max(0, settings.wechat_sender_window_s),
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
    def from_settings(cls, settings: Settings) -> WeComConfig:
        return cls(
            corp_id=_text(settings.wecom_corp_id),
            agent_id=_text(settings.wecom_agent_id),
            secret=_text(settings.wecom_secret),
        )
