"""The guideline corpus: one document per catalog item, both languages, every required section, sources."""

from __future__ import annotations

from collections import Counter

import pytest

from coach.catalog.loader import load_catalog
from coach.retrieval.documents import GuidelineDocument, load_documents
from coach.settings import REPO_ROOT

REQUIRED = {"what", "who", "why", "how", "targets", "log", "warning"}


@pytest.fixture(scope="module")
def documents() -> list[GuidelineDocument]:
    return load_documents(REPO_ROOT / "knowledge")


def test_one_document_per_catalog_item_with_matching_code_and_title(documents: list[GuidelineDocument]) -> None:
    catalog = load_catalog()
    assert [d.item for d in documents] == list(range(1, 43))
    for document in documents:
        item = catalog.item(document.item)
        assert (document.code, document.title_zh) == (item.code, item.title_zh), document.path.name


def test_every_document_has_both_languages_and_the_required_sections(documents: list[GuidelineDocument]) -> None:
    for document in documents:
        sections = {(c.language, c.section) for c in document.chunks}
        for language in ("zh", "en"):
            missing = REQUIRED - {s for lang, s in sections if lang == language}
            assert not missing, f"{document.path.name} {language} lacks {sorted(missing)}"
        # Optional dietitian/pharmacist notes come in both languages or not at all.
        optional = Counter(s for _, s in sections if s not in REQUIRED)
        assert all(count == 2 for count in optional.values()), document.path.name
        assert document.sources and any("001_0f73851b75bf9a68" in s for s in document.sources), document.path.name


def test_documents_are_substantive(documents: list[GuidelineDocument]) -> None:
    for document in documents:
        zh_chars = sum(len(c.text) for c in document.chunks if c.language == "zh")
        en_words = sum(len(c.text.split()) for c in document.chunks if c.language == "en")
        assert zh_chars >= 600 and en_words >= 350, document.path.name


@pytest.mark.parametrize(
    ("item", "language", "fact"),
    [
        (15, "zh", "8.0"),
        (17, "en", "uACR"),
        (20, "zh", "140/90"),
        (31, "zh", "2"),
        (26, "zh", "12356"),
        (6, "en", "45"),
        (24, "en", "80"),
    ],
)
def test_key_targets_are_stated(documents: list[GuidelineDocument], item: int, language: str, fact: str) -> None:
    text = "\n".join(c.text for c in documents[item - 1].chunks if c.language == language)
    assert fact in text
