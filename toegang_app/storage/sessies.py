"""The ORM's session factory (``ctx.sessions``), made by ``storage.engine.make_session_factory``."""

from __future__ import annotations

import contextlib

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from toegang_app.storage.engine import write_engine


class Sessions(sessionmaker):
    """``sessions()`` for reading; ``sessions.begin()`` for a write transaction (BEGIN IMMEDIATE on
    SQLite, see ``storage.engine``; plain BEGIN on PostgreSQL, whose row locks and version numbers do the
    rest)."""

    def __init__(self, engine: Engine, **kw):
        super().__init__(engine, **kw)
        self.write_bind = write_engine(engine)

    @contextlib.contextmanager
    def begin(self):  # type: ignore[override]
        with self(bind=self.write_bind) as session:
            with session.begin():
                yield session
