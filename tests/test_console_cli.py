"""`coach clinician add|list`: accounts for the console, created with argon2 hashes."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from coach import cli
from coach.cli_clinicians import app
from coach.clinicians import verify_password
from coach.db import models as m
from coach.settings import Settings
from tests.test_console_support import reload


@pytest.fixture(autouse=True)
def _test_settings(monkeypatch: pytest.MonkeyPatch, settings: Settings, db: Engine) -> None:
    monkeypatch.setattr(cli, "get_settings", lambda: settings)


def test_add_with_password_option_then_list(session: Session) -> None:
    runner = CliRunner()
    added = runner.invoke(app, ["add", "Wang.Li", "--name", "王立医生", "--role", "admin", "--on-call",
                                "--password", "a-long-password"])
    assert added.exit_code == 0, added.output
    assert "created clinician" in added.output and "wang.li" in added.output

    reload(session)
    row = session.scalars(select(m.Clinician)).one()
    assert (row.username, row.display_name, row.role, row.on_call) == ("wang.li", "王立医生", "admin", True)
    assert row.password_hash and row.password_hash.startswith("$argon2")
    assert verify_password(row, "a-long-password") and not verify_password(row, "a-long-passwore")

    listed = runner.invoke(app, ["list"])
    assert listed.exit_code == 0
    assert "wang.li" in listed.output and "on-call" in listed.output and "$argon2" not in listed.output


def test_password_is_prompted_when_not_given(session: Session) -> None:
    result = CliRunner().invoke(app, ["add", "li", "--name", "Dr Li"], input="prompted-secret\nprompted-secret\n")
    assert result.exit_code == 0, result.output
    assert "prompted-secret" not in result.output
    reload(session)
    row = session.scalars(select(m.Clinician)).one()
    assert row.role == "clinician" and row.on_call is False and verify_password(row, "prompted-secret")


def test_bad_input_and_duplicates_exit_non_zero(session: Session) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["add", "li", "--name", "Dr Li", "--password", "short"]).exit_code == 1
    bad_role = ["add", "li", "--name", "Dr Li", "--role", "god", "--password", "long-enough-1"]
    assert runner.invoke(app, bad_role).exit_code == 1
    assert runner.invoke(app, ["add", "li", "--name", "Dr Li", "--password", "long-enough-1"]).exit_code == 0
    duplicate = runner.invoke(app, ["add", "LI", "--name", "Other", "--password", "long-enough-2"])
    assert duplicate.exit_code == 1 and "already exists" in duplicate.output
    reload(session)
    assert len(session.scalars(select(m.Clinician)).all()) == 1
