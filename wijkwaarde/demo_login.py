"""`make demo-login`: the demo dashboard with login, against a test OpenID Connect provider on loopback.

Starts oidc-provider-mock (a real provider; a test dependency) with one demo user per role, grants them
access in the demo warehouse's access.sqlite, and serves the demo dashboard with login configured. The test
provider has no passwords: on its page you pick a user (or type any other subject: a user without a grant).
For trying the roles only; never point a real deployment at this provider.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import warnings
from pathlib import Path

import duckdb

from dashboard.auth import grants
from etl.contract import published_path

DEMO_GEMEENTE = "GM9999"  # Demostad


def demo_funders(home: Path) -> list[str]:
    """Two funds of the demo data (funder type `fonds`, most grants first), for the two fund users."""
    con = duckdb.connect(str(published_path(home).resolve()), read_only=True)
    try:
        return [
            code
            for (code,) in con.execute(
                "SELECT f.code FROM funder f JOIN grant_award g ON g.funder_code = f.code "
                "WHERE f.funder_type = 'fonds' GROUP BY f.code ORDER BY count(*) DESC, f.code LIMIT 2"
            ).fetchall()
        ]
    finally:
        con.close()


def demo_users(funders: list[str]) -> list[tuple[str, dict[str, str], grants.Grant | None]]:
    """(subject, claims, grant) per demo user: one per role and one without a grant."""
    one, two = (funders + ["F1", "F2"])[:2]
    people = [
        (
            "gemeente@demostad.nl",
            "Gemma Gemeente",
            grants.validate("gemeente@demostad.nl", "gemeente", DEMO_GEMEENTE),
        ),
        (
            "fonds@fonds-een.nl",
            f"Frank Fonds ({one})",
            grants.validate("fonds@fonds-een.nl", "fonds", funder=one),
        ),
        (
            "fonds@fonds-twee.nl",
            f"Fien Fonds ({two})",
            grants.validate("fonds@fonds-twee.nl", "fonds", funder=two),
        ),
        ("beheerder@wijkwaarde.nl", "Bea Beheerder", grants.validate("beheerder@wijkwaarde.nl", "beheerder")),
        ("bezoeker@example.org", "Bo Bezoeker (geen toegang)", None),
    ]
    return [(email, {"email": email, "name": name}, grant) for email, name, grant in people]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--provider-port", type=int, default=9400)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    users = demo_users(demo_funders(args.home))
    grants.grant([g for _, _, g in users if g is not None], "demo-login", args.home)
    import authlib.deprecate  # sets its warnings to "always"; the test provider's use of them is not ours

    warnings.filterwarnings("ignore", category=authlib.deprecate.AuthlibDeprecationWarning)
    from oidc_provider_mock import User, run_server_in_thread  # a test dependency: only here

    claims = [User(sub=sub, claims=c) for sub, c, _ in users]
    with run_server_in_thread(port=args.provider_port, user_claims=claims) as server:
        issuer = f"http://localhost:{server.server_port}"
        env = os.environ | {
            "WIJKWAARDE_OIDC_PROVIDERS": "demo",
            "WIJKWAARDE_OIDC_DEMO_ISSUER": issuer,
            "WIJKWAARDE_OIDC_DEMO_CLIENT_ID": "wijkwaarde-demo",
            "WIJKWAARDE_OIDC_DEMO_CLIENT_SECRET": secrets.token_urlsafe(24),
            "WIJKWAARDE_OIDC_DEMO_LABEL": "de test-inlogdienst",
            "WIJKWAARDE_SECRET_KEY": secrets.token_urlsafe(48),
            "WIJKWAARDE_COOKIE_SECURE": "0",  # plain http on this machine only
        }
        print(f"Test-inlogdienst op {issuer} (geen wachtwoorden: kies op de inlogpagina een gebruiker)")
        for sub, _, grant in users:
            what = (
                f"rol {grant.role} {grant.gemeente or grant.funder}".strip()
                if grant
                else "geen toegang (publiek)"
            )
            print(f"  {sub:<26} {what}")
        print(f"Dashboard: http://{args.host}:{args.port}/  -> 'Inloggen' rechtsboven")
        cli = Path(sys.executable).with_name("wijkwaarde")
        command = [str(cli), "--home", str(args.home), "serve", "--host", args.host, "--port", str(args.port)]
        try:
            subprocess.run([*command, "--workers", str(args.workers)], env=env, check=False)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
