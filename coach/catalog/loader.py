"""Load and validate knowledge/catalog.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from coach.catalog.models import Catalog
from coach.errors import ConfigurationError

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "catalog.yaml"
_MAX_REPORTED = 5


class CatalogError(ConfigurationError, ValueError):
    """The catalog file is missing, unreadable or fails validation."""

    code = "catalog_error"


def load_catalog(path: Path | None = None) -> Catalog:
    """Load the catalog; the default file is parsed once per process."""
    if path is None:
        return _load_default()
    return _load(path)


@lru_cache(maxsize=1)
def _load_default() -> Catalog:
    return _load(DEFAULT_PATH)


def _load(path: Path) -> Catalog:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"cannot read catalog {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CatalogError(f"catalog {path} is not valid YAML: {exc}") from exc
    return parse_catalog(raw, origin=str(path))


def parse_catalog(raw: Any, origin: str = "<catalog>") -> Catalog:
    """Validate already-parsed YAML data."""
    if not isinstance(raw, dict):
        raise CatalogError(f"{origin}: top level must be a mapping")
    try:
        return Catalog.model_validate(raw)
    except ValidationError as exc:
        problems = [_describe(err, raw) for err in exc.errors()]
        shown = "; ".join(problems[:_MAX_REPORTED])
        more = f" (and {len(problems) - _MAX_REPORTED} more)" if len(problems) > _MAX_REPORTED else ""
        first_field = _field_path(tuple(exc.errors()[0]["loc"]))
        raise CatalogError(f"{origin}: {shown}{more}", field=first_field) from exc


def _item_index(loc: tuple[int | str, ...]) -> int | None:
    return loc[1] if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int) else None


def _field_path(loc: tuple[int | str, ...]) -> str:
    if _item_index(loc) is not None:
        return ".".join(str(part) for part in loc[2:]) or "item"
    return ".".join(str(part) for part in loc) or "catalog"


def _where(loc: tuple[int | str, ...], raw: dict[str, Any]) -> str:
    index = _item_index(loc)
    if index is None:
        return "catalog"
    items = raw.get("items")
    if isinstance(items, list) and 0 <= index < len(items) and isinstance(items[index], dict):
        return f"item {items[index].get('number', '?')} ({items[index].get('code', '?')})"
    return f"item #{index}"


def _describe(err: Any, raw: dict[str, Any]) -> str:
    loc: tuple[int | str, ...] = tuple(err["loc"])
    message = str(err["msg"]).removeprefix("Value error, ")
    return f"{_where(loc, raw)} field {_field_path(loc)}: {message}"
