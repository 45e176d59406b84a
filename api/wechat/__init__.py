"""The WeChat Official Account channel (wechatpy) and the WeCom doctor alerts.

- `router`: GET/POST /wechat (include without the API token dependency);
- `build_senders`: the outbox senders for `coach.outbox.run_once`.
"""

from api.wechat.router import router
from api.wechat.senders import build_senders

__all__ = ["build_senders", "router"]
