"""The `coach` command line."""

from __future__ import annotations

import logging

import typer

from coach.settings import get_settings

app = typer.Typer(help="Health coach service", no_args_is_help=True, add_completion=False)


@app.command()
def migrate() -> None:
    """Apply pending database migrations."""
    from coach.db.migrate import upgrade

    settings = get_settings()
    upgrade(settings.database_url)
    typer.echo("database is up to date")


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Bind address (default COACH_HOST)"),
    port: int | None = typer.Option(None, help="Port (default COACH_PORT)"),
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
