"""Clinician accounts: argon2 password hashes, console sessions and who may see which member."""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.clock import Clock
from coach.db import models as m
from coach.errors import ConflictError, NotFoundError, ValidationFailed

ROLES = ("clinician", "admin")
SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_hasher = PasswordHasher()
# Verified against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class ConsoleSession:
    """A live console login: the clinician, the stored row and the CSRF token for its forms."""

    clinician: m.Clinician
    row: m.ClinicianSession

    @property
    def csrf_token(self) -> str:
        return self.row.csrf_token


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_clinician(
    session: Session,
    clock: Clock,
    username: str,
    display_name: str,
    password: str | None,
    *,
    role: str = "clinician",
    on_call: bool = False,
) -> m.Clinician:
    username = username.strip().lower()
    if not _USERNAME_RE.match(username):
        raise ValidationFailed("username must be 2-64 characters of a-z, 0-9, '.', '_' or '-'", field="username")
    if role not in ROLES:
        raise ValidationFailed(f"role must be one of {', '.join(ROLES)}", field="role")
    if not display_name.strip() or len(display_name) > 128:
        raise ValidationFailed("display name must be 1-128 characters", field="display_name")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"password must be at least {MIN_PASSWORD_LENGTH} characters", field="password")
    clinician = m.Clinician(
        username=username,
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password) if password is not None else None,
        on_call=on_call,
        active=True,
        created_at=clock.now(),
    )
    try:
        with session.begin_nested():
            session.add(clinician)
            session.flush()
    except IntegrityError:
        raise ConflictError(f"clinician {username!r} already exists", field="username") from None
    return clinician


def get_clinician(session: Session, clinician_id: int) -> m.Clinician:
    clinician = session.get(m.Clinician, clinician_id)
    if clinician is None:
        raise NotFoundError(f"clinician {clinician_id} not found", field="clinician_id")
    return clinician


def list_clinicians(session: Session) -> list[m.Clinician]:
    return list(session.scalars(select(m.Clinician).order_by(m.Clinician.username)))


def on_call_pool(session: Session) -> list[m.Clinician]:
    return list(
        session.scalars(
            select(m.Clinician)
            .where(m.Clinician.on_call.is_(True), m.Clinician.active.is_(True))
            .order_by(m.Clinician.id)
        )
    )


def verify_password(clinician: m.Clinician, password: str) -> bool:
    if not clinician.password_hash:
        return False
    try:
        return _hasher.verify(clinician.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authenticate(session: Session, username: str, password: str) -> m.Clinician | None:
    """The active clinician with this username and password, or None (no hint which part was wrong)."""
    clinician = session.scalar(select(m.Clinician).where(m.Clinician.username == username.strip().lower()))
    if clinician is None or not clinician.password_hash:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        return None
    if not verify_password(clinician, password) or not clinician.active:
        return None
    if _hasher.check_needs_rehash(clinician.password_hash):
        clinician.password_hash = hash_password(password)
    return clinician


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, clock: Clock, clinician: m.Clinician) -> tuple[str, ConsoleSession]:
    """Start a console session; returns the raw cookie token (stored only as its sha256) and the session."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    row = m.ClinicianSession(
        id=_token_id(token),
        clinician_id=clinician.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + SESSION_LIFETIME,
        revoked=False,
    )
    session.add(row)
    session.flush()
    return token, ConsoleSession(clinician, row)


def resolve_session(session: Session, clock: Clock, token: str | None) -> ConsoleSession | None:
    """The live session for a cookie token: not revoked, not expired, clinician still active."""
    if not token:
        return None
    row = session.get(m.ClinicianSession, _token_id(token))
    if row is None or row.revoked or row.expires_at <= clock.now():
        return None
    clinician = session.get(m.Clinician, row.clinician_id)
    if clinician is None or not clinician.active:
        return None
    return ConsoleSession(clinician, row)


def revoke_session(session: Session, token: str | None) -> bool:
    if not token:
        return False
    row = session.get(m.ClinicianSession, _token_id(token))
    if row is None or row.revoked:
        return False
    row.revoked = True
    session.flush()
    return True


def can_view(session: Session, clinician: m.Clinician, member: m.Member) -> bool:
    """Admins see everyone; a clinician sees their own members (family doctor), members with a
    ticket assigned to them, and, while on call, members with a live ticket routed to the pool."""
    if not clinician.active:
        return False
    if clinician.role == "admin" or member.family_doctor_id == clinician.id:
        return True
    tickets = select(m.Escalation.id).where(m.Escalation.member_id == member.id)
    assigned = tickets.where(m.Escalation.assigned_clinician_id == clinician.id)
    if session.scalar(select(exists(assigned))):
        return True
    if clinician.on_call:
        pooled = tickets.where(m.Escalation.on_call.is_(True), m.Escalation.status.in_(("open", "acknowledged")))
        return bool(session.scalar(select(exists(pooled))))
    return False
