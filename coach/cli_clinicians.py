"""`coach clinician ...`: console accounts (registered in coach/cli.py as the "clinician" sub-app)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.orm import Session

app = typer.Typer(help="Clinician accounts for the console", no_args_is_help=True, add_completion=False)


@contextmanager
def _unit_of_work() -> Iterator[Session]:
    # Imported here: coach.cli imports this module to register it.
    from coach import cli
    from coach.db.engine import make_engine, make_session_factory, session_scope

    engine = make_engine(cli.get_settings().database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


@app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name (a-z, 0-9, '.', '_', '-')")],
    name: Annotated[str, typer.Option("--name", help="Display name, e.g. 王医生")],
    role: Annotated[str, typer.Option("--role", help="clinician | admin")] = "clinician",
    on_call: Annotated[bool, typer.Option("--on-call/--no-on-call", help="Member of the on-call pool")] = False,
    password: Annotated[
        str | None,
        typer.Option("--password", help="Prompted (hidden, twice) when omitted", show_default=False),
    ] = None,
) -> None:
    """Create a clinician account with an argon2-hashed password."""
    from coach.clinicians import create_clinician
    from coach.clock import SystemClock
    from coach.errors import CoachError

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with _unit_of_work() as session:
            clinician = create_clinician(
                session, SystemClock(), username, name, password, role=role, on_call=on_call
            )
            flags = clinician.role + (", on call" if on_call else "")
            summary = f"clinician {clinician.id} {clinician.username} ({flags})"
    except CoachError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"created {summary}")


@app.command("list")
def list_() -> None:
    """List clinician accounts (never their password hashes)."""
    from coach.clinicians import list_clinicians

    with _unit_of_work() as session:
        rows = list_clinicians(session)
        lines = [
            f"{c.id:>4}  {c.username:<20} {c.role:<9} {'on-call' if c.on_call else '-':<7} "
            f"{'active' if c.active else 'inactive':<8} {c.display_name}"
            for c in rows
        ]
    typer.echo("\n".join(lines) if lines else "no clinicians")
