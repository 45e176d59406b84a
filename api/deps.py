"""Request dependencies as `Annotated` aliases; tests swap them with `app.dependency_overrides`."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from coach.clock import Clock
from coach.conversations.store import ConversationStore
from coach.db.engine import session_scope
from coach.members.schemas import MAX_ROW_ID
from coach.members.store import MemberStore
from coach.pipeline.turn import CoachTurn
from coach.retrieval.retriever import Retriever
from coach.settings import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def get_session(request: Request) -> Iterator[Session]:
    with session_scope(request.app.state.session_factory) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
# Every `{..._id}` path parameter: out of the key range is a 422, never a driver overflow (500).
IdPath = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
ClockDep = Annotated[Clock, Depends(get_clock)]
# scope="function": the commit happens before the response is sent, so a client never sees a 2xx
# for a change that then fails to commit.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]

_bearer = HTTPBearer(auto_error=False, description="COACH_API_TOKEN")


def require_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    expected = settings.api_token.get_secret_value().encode()
    given = credentials.credentials.encode() if credentials else b""
    if not credentials or not hmac.compare_digest(given, expected):
        raise HTTPException(401, "missing or invalid bearer token", headers={"WWW-Authenticate": "Bearer"})


def get_member_store(session: SessionDep, clock: ClockDep) -> MemberStore:
    return MemberStore(session, clock)


def get_conversation_store(session: SessionDep, clock: ClockDep) -> ConversationStore:
    return ConversationStore(session, clock)


MemberStoreDep = Annotated[MemberStore, Depends(get_member_store)]
ConversationStoreDep = Annotated[ConversationStore, Depends(get_conversation_store)]


def get_retriever(request: Request) -> Retriever:
    retriever: Retriever = request.app.state.retriever
    return retriever


RetrieverDep = Annotated[Retriever, Depends(get_retriever)]


def get_coach_turn(request: Request) -> CoachTurn:
    coach: CoachTurn = request.app.state.coach_turn
    return coach


CoachTurnDep = Annotated[CoachTurn, Depends(get_coach_turn)]
