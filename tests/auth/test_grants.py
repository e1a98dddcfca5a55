"""Grants outside the data versions: validation, the OR of several grants, the CLI, the audit log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dashboard.auth import audit, grants, store
from dashboard.auth.grants import PUBLIC, Scope, scope_for
from tests.conftest import build_warehouse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("role", "gemeente", "funder", "reason"),
    [
        ("koning", "", "", "Onbekende rol"),
        ("gemeente", "", "", "precies één --gemeente"),
        ("gemeente", "GM363", "", "Ongeldige gemeentecode"),
        ("gemeente", "gm0363", "", "Ongeldige gemeentecode"),
        ("gemeente", "GM0363'; DROP TABLE x", "", "Ongeldige gemeentecode"),
        ("fonds", "", "", "precies één --funder"),
        ("fonds", "", "F 1", "Ongeldige financiercode"),
        ("fonds", "GM0363", "F1", "precies één --funder"),
        ("beheerder", "GM0363", "", "geldt overal"),
    ],
)
def test_a_grant_is_validated(role, gemeente, funder, reason):
    with pytest.raises(grants.GrantError, match=reason):
        grants.validate("iemand@x.nl", role, gemeente, funder)


def test_several_grants_add_up_and_no_grant_is_public(tmp_path):
    grants.grant(
        [
            grants.validate("Ana@Demostad.nl", "gemeente", gemeente="GM0363"),
            grants.validate("sub-ana", "fonds", funder="F1"),
            grants.validate("sub-ana", "gemeente", gemeente="GM0599"),
        ],
        "test",
        tmp_path,
    )
    scope = scope_for({"sub": "sub-ana", "email": "ana@demostad.nl"}, home=tmp_path)
    assert scope == Scope(
        frozenset({"gemeente", "fonds"}), frozenset({"GM0363", "GM0599"}), frozenset({"F1"})
    )
    assert scope_for({"sub": "sub-ana"}, home=tmp_path).gemeenten == {"GM0599"}
    # An e-mail the provider marks unverified is not used to find grants.
    assert (
        scope_for({"sub": "x", "email": "ana@demostad.nl", "email_verified": False}, home=tmp_path) == PUBLIC
    )
    assert scope_for({"sub": "nobody", "email": "nobody@x.nl"}, home=tmp_path) == PUBLIC
    # Role claims count only when a provider is trusted with one (role_claim set), and only allow-listed values.
    claims = {"sub": "nobody", "roles": ["beheerder", "fonds:F9", "gemeente:GM12", "admin"]}
    assert scope_for(claims, home=tmp_path) == PUBLIC
    assert scope_for(claims, "roles", home=tmp_path) == Scope(
        frozenset({"beheerder", "fonds"}), frozenset(), frozenset({"F9"})
    )


def test_the_cache_key_of_a_scope_is_stable_and_never_shared():
    a = Scope(frozenset({"fonds"}), frozenset(), frozenset({"F1"}))
    b = Scope(frozenset({"fonds"}), frozenset(), frozenset({"F2"}))
    both = a | b
    assert a.cache_key == Scope(frozenset({"fonds"}), funders=frozenset({"F1"})).cache_key
    assert len({PUBLIC.cache_key, a.cache_key, b.cache_key, both.cache_key}) == 4
    assert PUBLIC.cache_key == "publiek" and Scope(frozenset({"publiek"})).cache_key == "publiek"
    assert ":" not in both.cache_key  # the cache key separates its parts with ':'
    with pytest.raises(AttributeError):
        a.funders = frozenset({"F2"})  # frozen: a scope cannot be widened in place


def test_grants_live_beside_the_warehouse_and_survive_a_publish(tmp_path):
    home = build_warehouse(tmp_path / "warehouse")
    grants.grant([grants.validate("fonds-1", "fonds", funder="F1")], "test", home)
    assert store.access_path(home) == home / "access.sqlite"
    build_warehouse(home, version=2)  # a new data version is published
    assert scope_for({"sub": "fonds-1"}, home=home).funders == {"F1"}
    published = duckdb.connect(str((home / "wijkwaarde.duckdb").resolve()), read_only=True)
    tables = {
        name for (name,) in published.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert tables and not tables & {"access_grant", "audit_log"}  # nothing of it inside a version


def test_the_audit_log_records_who_what_when_and_allows_only_known_actions(tmp_path):
    audit.record("fonds-1", "login", "test F1", "10.0.0.1", home=tmp_path)
    audit.record("fonds-1", "export", "csv portefeuille F1", home=tmp_path)  # what the scope work will call
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record("x", "delete_everything", home=tmp_path)
    rows = audit.entries(home=tmp_path)
    assert [(who, what) for _, who, what, _, _ in rows] == [("fonds-1", "login"), ("fonds-1", "export")]
    assert rows[0][0].endswith("Z") and rows[0][4] == "10.0.0.1"


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("wijkwaarde")), "--home", str(home), *args]
    environment = {k: v for k, v in os.environ.items() if k != store.PATH_ENV}
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)


def test_access_grant_revoke_list_and_audit_on_the_command_line(tmp_path):
    home = tmp_path / "warehouse"
    done = cli(home, "access", "grant", "Ana@Demostad.nl", "--role", "gemeente", "--gemeente", "GM0363",
               "--gemeente", "GM0599")  # fmt: skip
    assert done.returncode == 0 and "2 nieuw" in done.stdout
    assert cli(home, "access", "grant", "f@x.nl", "--role", "fonds", "--funder", "F1").returncode == 0
    refused = cli(home, "access", "grant", "z@x.nl", "--role", "gemeente", "--gemeente", "0363")
    assert (
        refused.returncode == 1
        and "Ongeldige gemeentecode" in refused.stderr
        and "Traceback" not in refused.stderr
    )
    assert cli(home, "access", "grant", "z@x.nl", "--role", "superuser").returncode == 1
    listed = cli(home, "access", "list").stdout
    assert "ana@demostad.nl" in listed and "GM0599" in listed and "F1" in listed and "z@x.nl" not in listed
    assert "1 toekenning" in cli(home, "access", "revoke", "f@x.nl").stdout
    assert "f@x.nl" not in cli(home, "access", "list").stdout
    log = cli(home, "audit").stdout
    assert log.count("grant") == 3 and "revoke" in log and "cli:" in log
    assert scope_for({"sub": "s", "email": "ana@demostad.nl"}, home=home).gemeenten == {"GM0363", "GM0599"}


def test_every_access_command_has_help():
    for args in (["access", "grant"], ["access", "revoke"], ["access", "list"], ["audit"]):
        shown = cli(Path("/nonexistent"), *args, "--help")
        assert shown.returncode == 0 and len(shown.stdout) > 100, args
