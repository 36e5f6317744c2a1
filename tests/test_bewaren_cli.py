"""toegang-admin bewaren: the due list without names, and destroying after confirmation (one audit row)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import cli_gebruiker, maak_gesprek
from toegang_app import cli
from toegang_app.services.context import open_context
from toegang_app.storage.models import AuditRegel, Gesprek, Inwoner


@pytest.fixture
def db(config):
    c = open_context(config, load=False)
    cli_gebruiker("beheerder")  # toegang-admin signs in as a beheerder (linked OS account)
    yield c
    c.close()


def _stdin(monkeypatch, text: str, tty: bool) -> None:
    s = io.StringIO(text)
    s.isatty = lambda: tty  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", s)


def _twee(db):
    old = maak_gesprek(db, naam="Karel Testpersoon (synthetisch)", aanmelding=date(2008, 1, 1), status="afgerond",
                       afgesloten_op=date(2008, 2, 1))
    new = maak_gesprek(db, naam="Anna Ander (synthetisch)", aanmelding=date.today() - timedelta(days=3))
    return old, new


def test_list_shows_due_conversations_without_names(data_dir, db, capsys):
    assert cli.main(["bewaren", "lijst"]) == 0
    assert "Geen gesprekken" in capsys.readouterr().out
    old, _new = _twee(db)
    assert cli.main(["bewaren", "lijst"]) == 0
    out = capsys.readouterr().out
    assert "1 gesprek met een bewaartermijn verstreken" in out
    # no provision: 5 years, Selectielijst 2020 result 8.2 (issue 19)
    assert "geen voorziening (5 jaar, 8.2)" in out and "01-02-2008 (afgesloten)" in out and "01-02-2013" in out
    assert "Karel" not in out and "Anna" not in out
    assert cli.main(["bewaren", "lijst", "--peildatum", "31-01-2013"]) == 0
    assert "Geen gesprekken" in capsys.readouterr().out
    with pytest.raises(SystemExit) as e:
        cli.main(["bewaren", "lijst", "--peildatum", "31-02-2023"])
    assert e.value.code == 2 and "geen bestaande datum" in capsys.readouterr().err


def test_carry_out_asks_first_then_destroys(data_dir, db, monkeypatch, capsys):
    old, new = _twee(db)
    _stdin(monkeypatch, "", tty=False)
    assert cli.main(["bewaren", "uitvoeren", "--vernietigen"]) == 2
    assert "--ja" in capsys.readouterr().err
    _stdin(monkeypatch, "nee\n", tty=True)
    monkeypatch.setattr("builtins.input", lambda prompt: "nee")
    assert cli.main(["bewaren", "uitvoeren", "--vernietigen"]) == 1
    with db.sessions() as s:
        assert s.get(Gesprek, old) is not None
    assert cli.main(["bewaren", "uitvoeren", "--vernietigen", "--ja"]) == 0
    assert "Klaar: 1 gesprek, 0 verwijzingen en 1 inwoner vernietigd" in capsys.readouterr().out
    with db.sessions() as s:
        assert s.get(Gesprek, old) is None and s.get(Gesprek, new) is not None
        [row] = s.scalars(select(AuditRegel).where(AuditRegel.actie == "vernietigd")).all()
        assert row.gebruiker == "cli-beheerder" and "Karel" not in row.toelichting  # the signed-in beheerder
    assert cli.main(["bewaren", "uitvoeren", "--anonimiseren", "--ja"]) == 0
    assert "niets te doen" in capsys.readouterr().out


def test_anonymise_from_the_console(data_dir, db, capsys):
    old, _new = _twee(db)
    assert cli.main(["bewaren", "uitvoeren", "--anonimiseren", "--ja"]) == 0
    assert "1 inwoner geanonimiseerd" in capsys.readouterr().out
    with db.sessions() as s:
        g = s.get(Gesprek, old)
        assert g is not None and g.inwoner.naam == "Geanonimiseerd" and g.inwoner.geanonimiseerd
        assert s.scalar(select(Inwoner).where(Inwoner.naam.contains("Karel"))) is None


def test_audit_purge_from_the_console_after_destruction(data_dir, db, capsys):
    """Issue 19, item 8: `bewaren lijst` says how many audit rows have expired with destroyed conversations,
    and `bewaren audit-opschonen --ja` removes them (one audit row with the count)."""
    from toegang_app.services import audit
    from tests.factories import MEDEWERKER

    old, new = _twee(db)
    with db.sessions.begin() as s:
        audit.record(s, MEDEWERKER, "bekeken", "gesprek", old)
        audit.record(s, MEDEWERKER, "bekeken", "gesprek", new)
    assert cli.main(["bewaren", "audit-opschonen", "--ja"]) == 0
    assert "niets te doen" in capsys.readouterr().out
    assert cli.main(["bewaren", "uitvoeren", "--vernietigen", "--ja"]) == 0
    capsys.readouterr()
    assert cli.main(["bewaren", "lijst"]) == 0
    assert "1 auditregel over vernietigde of geanonimiseerde gesprekken kan weg" in capsys.readouterr().out
    assert cli.main(["bewaren", "audit-opschonen", "--ja"]) == 0
    assert "Klaar: 1 auditregel verwijderd" in capsys.readouterr().out
    with db.sessions() as s:
        left = s.scalars(select(AuditRegel).where(AuditRegel.object_type == "gesprek")).all()
        assert [r.object_id for r in left] == [str(new)]
        [row] = s.scalars(select(AuditRegel).where(AuditRegel.actie == "opgeschoond")).all()
        assert row.gebruiker == "cli-beheerder"
