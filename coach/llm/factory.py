"""The chat model the settings ask for: an OpenAI-compatible endpoint through LangChain, or none
(the offline composer answers). The vendor package is imported only when it is used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.errors import ConfigurationError
from coach.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

PROVIDERS = ("auto", "offline", "openai")


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    provider = settings.llm_provider
    if provider not in PROVIDERS:
        raise ConfigurationError(f"unknown llm provider {provider!r}; valid options: {', '.join(PROVIDERS)}",
                                 field="llm_provider")
    if provider == "offline" or (provider == "auto" and settings.openai_api_key is None):
        return None
    if settings.openai_api_key is None:
        raise ConfigurationError("COACH_LLM_PROVIDER=openai needs OPENAI_API_KEY", field="openai_api_key")
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.llm_model,
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=min(settings.llm_timeout_s, settings.llm_deadline_s),
        max_retries=settings.llm_max_retries,
        temperature=0.2,
        max_tokens=settings.llm_max_tokens,  # type: ignore[call-arg]  # alias of max_completion_tokens
    )
