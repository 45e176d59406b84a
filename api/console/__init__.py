"""The clinician console: server-rendered pages under /console.

Wire it into the app with `install_console(app)` (the router plus its static files)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from api.console import actions, auth_routes, pages
from api.console.render import STATIC_DIR, STATIC_URL

router = APIRouter(prefix="/console", tags=["console"])


@router.get("", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/console/queue", status_code=303)


router.include_router(auth_routes.router)
router.include_router(pages.router)
router.include_router(actions.router)


def install_console(app: FastAPI) -> None:
    """Include the console routes and serve its CSS/JS at /console/static."""
    app.mount(STATIC_URL, StaticFiles(directory=STATIC_DIR), name="console-static")
    app.include_router(router)


__all__ = ["STATIC_DIR", "STATIC_URL", "install_console", "router"]
