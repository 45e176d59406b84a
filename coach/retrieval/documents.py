"""Guideline documents (one Markdown file per catalog item) and their section chunks.

A document has YAML front matter (item, code, titles, sources), then a Chinese part
and an English part, each a `# title` followed by `## section` headings. Chunks are
sections: small enough to embed well, and each one answers one kind of question
("how often", "warning signs", "dietitian notes").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from coach.catalog.models import Catalog
from coach.errors import ConfigurationError

SECTION_KEYS: dict[str, str] = {
    "是什么": "what",
    "适合谁": "who",
    "为什么重要": "why",
    "怎么做、多久一次": "how",
    "目标": "targets",
    "需要记录什么": "log",
    "警示信号": "warning",
    "营养师提示": "dietitian",
    "药师提示": "pharmacist",
    "What it is": "what",
    "Who it is for": "who",
    "Why it matters": "why",
    "What to do and how often": "how",
    "Targets": "targets",
    "What to log": "log",
    "Warning signs": "warning",
    "Dietitian notes": "dietitian",
    "Pharmacist notes": "pharmacist",
}
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Emphasis and code marks: chat clients show them literally, so chunks are kept as plain text.
_MARKUP = re.compile(r"\*\*|__|`")


@dataclass(frozen=True)
class Chunk:
    id: str  # stable: item, language and section, e.g. "17-zh-how"
    item: int
    code: str
    title: str  # the item's title in the chunk's language
    section: str
    language: str
    text: str  # what is shown and cited
    content_hash: str

    @property
    def embed_text(self) -> str:
        """What is embedded: the title gives every section its topic."""
        return f"{self.title}\n{self.text}"


@dataclass(frozen=True)
class GuidelineDocument:
    path: Path
    item: int
    code: str
    title_zh: str
    title_en: str
    sources: tuple[str, ...]
    chunks: tuple[Chunk, ...]


def _language_of(title: str) -> str:
    return "zh" if _CJK.search(title) else "en"


def parse_document(path: Path) -> GuidelineDocument:
    raw = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(raw)
    if match is None:
        raise ConfigurationError(f"{path.name}: missing YAML front matter", field="front_matter")
    meta = yaml.safe_load(match.group(1)) or {}
    for key in ("item", "code", "title_zh", "title_en", "sources"):
        if key not in meta:
            raise ConfigurationError(f"{path.name}: front matter lacks {key!r}", field=key)
    item, code = int(meta["item"]), str(meta["code"])
    titles = {"zh": str(meta["title_zh"]), "en": str(meta["title_en"])}
    chunks: list[Chunk] = []
    language = "zh"
    heading: str | None = None
    lines: list[str] = []

    def flush() -> None:
        body = "\n".join(lines).strip()
        if heading is None or not body:
            return
        section = SECTION_KEYS.get(heading)
        if section is None:
            raise ConfigurationError(f"{path.name}: unknown section heading {heading!r}", field="section")
        text = f"{heading}\n{_MARKUP.sub('', body)}"
        digest = hashlib.sha256(f"{titles[language]}\n{text}".encode()).hexdigest()[:16]
        chunks.append(Chunk(f"{item}-{language}-{section}", item, code, titles[language], section, language,
                            text, digest))

    for line in raw[match.end():].splitlines():
        if line.startswith("# "):
            flush()
            language, heading, lines = _language_of(line[2:]), None, []
        elif line.startswith("## "):
            flush()
            heading, lines = line[3:].strip(), []
        else:
            lines.append(line)
    flush()
    ids = [c.id for c in chunks]
    if len(ids) != len(set(ids)):
        raise ConfigurationError(f"{path.name}: a section appears twice in one language", field="section")
    return GuidelineDocument(path, item, code, titles["zh"], titles["en"],
                             tuple(str(s) for s in meta["sources"]), tuple(chunks))


def load_documents(knowledge_dir: Path) -> list[GuidelineDocument]:
    paths = sorted((knowledge_dir / "items").glob("*.md"))
    documents = [parse_document(path) for path in paths]
    items = [d.item for d in documents]
    duplicates = sorted({i for i in items if items.count(i) > 1})
    if duplicates:
        raise ConfigurationError(f"more than one document for item(s) {duplicates}", field="item")
    return sorted(documents, key=lambda d: d.item)


def overview_chunks(catalog: Catalog) -> list[Chunk]:
    """One short chunk per item and language from the catalog: what the item is, who it is for and
    the everyday words members use for it, so a question phrased like a member still finds the item."""
    chunks = []
    for item in catalog.items:
        for language in ("zh", "en"):
            zh = language == "zh"
            title = item.title_zh if zh else item.title_en
            parts = [
                "概述" if zh else "Overview",
                item.definition_zh if zh else item.definition_en,
                ("适合：" if zh else "For: ") + (item.target_text_zh if zh else item.target_text_en),
                ("常见说法：" if zh else "Related words: ") + "、".join(item.keywords_zh if zh else item.keywords_en),
            ]
            text = "\n".join(parts)
            digest = hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()[:16]
            chunks.append(Chunk(f"{item.number}-{language}-overview", item.number, item.code, title, "overview",
                                language, text, digest))
    return chunks
