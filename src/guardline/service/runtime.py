"""Everything one service process shares: settings, database, detector pool, cipher, metrics."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from guardline.detect import AlertPolicy, load_model
from guardline.service.auth import KeyChecker
from guardline.service.crypto import TextCipher
from guardline.service.metrics import Metrics
from guardline.service.settings import Settings
from guardline.service.state_cache import DetectorPool
from guardline.store.db import is_sqlite, make_engine, session_factory


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    pool: DetectorPool
    cipher: TextCipher
    metrics: Metrics
    keys: KeyChecker
    postgres: bool
    # SQLite takes one writer at a time; threads of this process queue here (fair, no wait)
    # rather than in SQLite's sleeping busy handler, which adds long latency tails
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    webhook_wake: threading.Event = field(default_factory=threading.Event)
    scan_wake: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        from guardline.signs import default_registry

        engine = make_engine(settings.database_url, pool_size=settings.db_pool_size)
        model = load_model(settings.model)
        recommended = getattr(model, "policy", None)
        base = AlertPolicy.from_dict(recommended) if recommended else AlertPolicy()
        return cls(
            settings=settings,
            engine=engine,
            sessions=session_factory(engine),
            pool=DetectorPool(model, default_registry(), base, settings.state_cache_size),
            cipher=TextCipher(settings.encryption_key),
            metrics=Metrics(),
            keys=KeyChecker(settings.key_cache_s),
            postgres=not is_sqlite(settings.database_url),
        )

    def close(self) -> None:
        self.engine.dispose()
