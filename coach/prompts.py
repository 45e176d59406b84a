"""Versioned prompt files in `prompts/`, rendered by one function.

A prompt file is `prompts/<name>.v<version>.md`: YAML front matter (name, version,
purpose) and a Jinja2 body. Undefined variables are errors, so a renamed field can
never silently produce an empty prompt.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, StrictUndefined

from coach.errors import ConfigurationError

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_ENV = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


def prompt_path(name: str, version: int) -> Path:
    return PROMPTS_DIR / f"{name}.v{version}.md"


@lru_cache(maxsize=32)
def _template(name: str, version: int) -> Any:
    path = prompt_path(name, version)
    if not path.exists():
        raise ConfigurationError(f"prompt {name} v{version} not found at {path}", field="prompt")
    raw = path.read_text(encoding="utf-8")
    match = _FRONT.match(raw)
    if match is None:
        raise ConfigurationError(f"{path.name}: missing front matter", field="prompt")
    meta = yaml.safe_load(match.group(1))
    if meta.get("name") != name or int(meta.get("version", -1)) != version:
        raise ConfigurationError(f"{path.name}: front matter does not match its file name", field="prompt")
    return _ENV.from_string(raw[match.end():])


def render_prompt(name: str, version: int, **variables: Any) -> str:
    return str(_template(name, version).render(**variables)).strip()


def available_prompts() -> list[tuple[str, int]]:
    found = []
    for path in sorted(PROMPTS_DIR.glob("*.v*.md")):
        name, _, version = path.name.removesuffix(".md").rpartition(".v")
        found.append((name, int(version)))
    return found
