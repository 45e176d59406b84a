"""The outbox senders of this deployment, for `coach.outbox.run_once` (scheduler / worker)."""

from __future__ import annotations

import httpx
from sqlalchemy.orm import Session, sessionmaker

from api.wechat.client import TokenApi, fetch_token
from api.wechat.config import WeChatConfig, WeComConfig
from api.wechat.sender import WeChatSender
from api.wechat.wecom import Unconfigured, WeComSender
from coach.clock import Clock
from coach.outbox import LogSender, Sender
from coach.outbox.shared_state import SharedToken
from coach.settings import Settings

WECHAT_TOKEN_KEY = "wechat:access_token"
WECOM_TOKEN_KEY = "wecom:access_token"


def build_senders(settings: Settings, session_factory: sessionmaker[Session], clock: Clock,
                  http: httpx.Client | None = None) -> dict[str, Sender]:
    """{"wechat", "wecom", "log"} → sender. Unconfigured channels mark their rows undeliverable."""
    http = http or httpx.Client()
    senders: dict[str, Sender] = {"log": LogSender()}
    wechat = WeChatConfig.from_settings(settings)
    if wechat.can_send:
        params = {"grant_type": "client_credential", "appid": wechat.app_id or "", "secret": wechat.app_secret or ""}
        token = SharedToken(session_factory, clock, WECHAT_TOKEN_KEY,
                            lambda: fetch_token(http, f"{wechat.api_base}/cgi-bin/token", params))
        senders["wechat"] = WeChatSender(wechat, session_factory, clock, TokenApi(wechat.api_base, token, http))
    else:
        senders["wechat"] = Unconfigured("wechat")
    wecom = WeComConfig.from_settings(settings)
    if wecom.configured:
        params = {"corpid": wecom.corp_id or "", "corpsecret": wecom.secret or ""}
        token = SharedToken(session_factory, clock, WECOM_TOKEN_KEY,
                            lambda: fetch_token(http, f"{wecom.api_base}/cgi-bin/gettoken", params))
        senders["wecom"] = WeComSender(wecom, session_factory, clock, TokenApi(wecom.api_base, token, http))
    else:
        senders["wecom"] = Unconfigured("wecom")
    return senders
