"""A small tutoring web service on adaptive_tutor: next exercise, answer, choices, report.

FastAPI and SQLite. Two ways to keep each child's learner state:

- ``storage="server"``: the state lives in a SQLite row per child; the browser sends only
  the item id, the answer, an answer id and the revision it was shown.
- ``storage="signed"``: the browser keeps the state as a signed token (HMAC-SHA256) and
  sends it back with every request; the server keeps only each child's latest revision
  (so an old token cannot be replayed) and its last reply (so a retried answer gets the
  same reply).

Every request reads, acts and writes inside one ``BEGIN IMMEDIATE`` transaction, so
concurrent requests for one child are serialised: nothing acknowledged is lost, a retried
answer (same ``answer_id``) is counted once, and an answer from an out-of-date page is
refused with 409. Bad requests get a 4xx whose ``detail`` is the library's message.

Run it (``pip install '.[examples]'``)::

    uvicorn --factory tutor_service:app_from_environment --app-dir examples/web_app

with ``TUTOR_DATABASE`` (default ``tutor.sqlite3``), ``TUTOR_STORAGE`` (``server`` or
``signed``) and, for signed storage, ``TUTOR_SECRET`` (at least 16 bytes).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Request
from fastapi import Path as UrlPart
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

import adaptive_tutor as at
from adaptive_tutor.item import Item

Storage = Literal["server", "signed"]
LearnerId = Annotated[str, UrlPart(min_length=1, max_length=200)]  # as the library accepts


# --------------------------------------------------------------------------- requests
class NextRequest(BaseModel):
    """Ask for the next exercise (with ``token`` in signed storage; none for a new child).

    ``grade``, the child's school grade, centres the placement at a new child's first
    sitting (when the service places new children).
    """

    token: str | None = None
    grade: int | None = Field(default=None, ge=1, le=12)


class ChoicesRequest(BaseModel):
    """Ask for a menu of ``k`` exercises the child may choose from."""

    k: int = Field(default=3, ge=1, le=20)
    token: str | None = None


class AnswerRequest(BaseModel):
    """One answer: a raw ``answer`` marked by the item's rules, or a ``score`` (rubric items)."""

    item_id: str = Field(min_length=1, max_length=200)
    answer: str | int | float | None = None
    score: int | None = None
    answer_id: str = Field(min_length=1, max_length=200)
    revision: int = Field(ge=0)
    # Checked by the library (seconds, 0 to 1e12): FastAPI cannot echo an infinite or NaN
    # input in its own 422 reply, so no bounds here.
    response_time: float | None = None
    token: str | None = None


class ReportRequest(BaseModel):
    """Ask for a child's report (with ``token`` in signed storage)."""

    token: str | None = None


# --------------------------------------------------------------------------- storage
class Database:
    """One SQLite file; each request gets its own connection and one write transaction."""

    def __init__(self, path: str | Path, synchronous: str = "FULL") -> None:
        if synchronous not in ("FULL", "NORMAL", "OFF"):
            raise ValueError(f"synchronous must be FULL, NORMAL or OFF. Got {synchronous!r}.")
        self.path = str(path)
        self.synchronous = synchronous
        with sqlite3.connect(self.path) as db:
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        with self.transaction() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS learner_state ("
                " learner_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, state TEXT NOT NULL)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS learner_revision ("
                " learner_id TEXT PRIMARY KEY, revision INTEGER NOT NULL,"
                " last_answer_id TEXT, last_request TEXT, last_reply TEXT)"
            )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any error)."""
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        db.execute(f"PRAGMA synchronous={self.synchronous}")
        try:
            db.execute("BEGIN IMMEDIATE")  # one writer at a time: no lost update
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()


# --------------------------------------------------------------------------- replies
def _item_for_child(item: Item) -> dict[str, Any]:
    """What the child's screen needs; never the answer key."""
    return {
        "id": item.id,
        "type": item.type,
        "prompt": item.prompt,
        "choices": [{"id": choice.id, "text": choice.text} for choice in item.choices],
        "max_score": item.max_score,
    }


def _exercise(session: at.TutoringSession, item: Item | None, token: str | None) -> dict[str, Any]:
    stop = session.stop_decision() if item is None else None
    return {
        "learner_id": session.learner_id,
        "revision": session.revision,
        "item": None if item is None else _item_for_child(item),
        "finished": item is None,
        "stop_reason": None if stop is None else stop.reason,
        "token": token,
    }


def _report(session: at.TutoringSession) -> dict[str, Any]:
    bank = session.bank
    frame = session.skill_abilities()
    history = session.history
    theta, se = session.overall_ability()
    return {
        "learner_id": session.learner_id,
        "n_answers": len(history),
        "n_correct": int(history["correct"].sum()),
        "overall": {"theta": round(theta, 3), "se": round(se, 3)},
        "skills": [
            {
                "skill_id": row["skill_id"],
                "name": bank.skill(row["skill_id"]).name,
                "theta": round(float(row["theta"]), 3),
                "se": round(float(row["se"]), 3),
                "n_answers": int(row["n_responses"]),
                "status": row["mastery"],
            }
            for row in frame.to_dict("records")
        ],
    }


def _answer_key(request: AnswerRequest) -> str:
    """What makes two requests with one answer id the same answer."""
    return json.dumps([request.item_id, request.answer, request.score])


@contextmanager
def _as_http_errors(loading: bool = False) -> Iterator[None]:
    """The library's errors as 4xx replies carrying its message."""
    try:
        yield
    except at.StaleStateError as error:
        raise HTTPException(409, str(error)) from None
    except at.SessionStateError as error:
        raise HTTPException(400 if loading else 409, str(error)) from None
    except ValueError as error:  # a value the library refuses (ResponseDataError is one)
        raise HTTPException(422, str(error)) from None


# --------------------------------------------------------------------------- the app
def create_app(
    database: str | Path,
    *,
    bank: at.ItemBank | None = None,
    storage: Storage = "server",
    secret: bytes | str | Mapping[str, bytes | str] | None = None,
    key_id: str = "default",
    selector: at.ScoringSelector | None = None,
    stopping_rule: Any = None,
    placement: at.Placement | None = None,
    synchronous: str = "FULL",
) -> FastAPI:
    """The tutoring service.

    Parameters
    ----------
    database : str or Path
        SQLite file (created if missing).
    bank : ItemBank, optional
        Default: the shipped arithmetic bank.
    storage : {"server", "signed"}
        Where the learner state lives (see the module docstring).
    secret, key_id
        For signed storage: the secret (or ``{key_id: secret}`` during a key rotation)
        and the key id new tokens are signed under.
    selector, stopping_rule
        The design; default practice at 75% success, 30 exercises.
    placement : Placement, optional
        A short placement at each new child's first sitting (e.g. ``Placement(max_items=8)``),
        centred on the ``grade`` the first ``/next`` request gives; its answers count
        towards the stopping rule.
    synchronous : {"FULL", "NORMAL", "OFF"}
        SQLite's ``synchronous`` setting: ``FULL`` (the default) makes every acknowledged
        answer survive a power cut; ``OFF`` leaves flushing to the system (tests).
    """
    if storage not in ("server", "signed"):
        raise ValueError(f"storage must be 'server' or 'signed'. Got {storage!r}.")
    if storage == "signed" and secret is None:
        raise ValueError("Signed storage needs a secret (at least 16 bytes).")
    the_bank = at.load_shipped_bank("arithmetic") if bank is None else bank
    design: dict[str, Any] = {
        "selector": selector or at.TargetProbability(0.75),
        "stopping_rule": stopping_rule or at.MaxItems(30),
    }
    store = Database(database, synchronous)
    app = FastAPI(title="adaptive_tutor example service")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        """422 naming each bad field, without echoing its value: a body may hold NaN or
        Infinity (Python's JSON reader takes them), which a JSON reply cannot carry."""
        problems = [{key: e[key] for key in ("loc", "msg", "type")} for e in error.errors()]
        return JSONResponse({"detail": problems}, status_code=422)

    keys: Any = secret
    signing_key: Any = secret[key_id] if isinstance(secret, Mapping) else secret
    if secret is not None:  # the library checks each key now, not on the first request
        blank = at.TutoringSession(the_bank)
        for kid, key in secret.items() if isinstance(secret, Mapping) else [(key_id, secret)]:
            blank.to_token(key, key_id=kid)

    def load(db: sqlite3.Connection, learner_id: str, token: str | None) -> at.TutoringSession:
        """The child's session (404 for an unknown child, 400 for a bad token)."""
        if storage == "server":
            row = db.execute(
                "SELECT state FROM learner_state WHERE learner_id = ?", (learner_id,)
            ).fetchone()
            if row is None:
                raise HTTPException(404, f"No learner {learner_id!r} yet: ask for /next first.")
            with _as_http_errors(loading=True):
                return at.TutoringSession.from_dict(
                    the_bank, json.loads(row[0]), learner_id=learner_id, strict=True, **design
                )
        row = db.execute(
            "SELECT revision FROM learner_revision WHERE learner_id = ?", (learner_id,)
        ).fetchone()
        if row is None:
            raise HTTPException(404, f"No learner {learner_id!r} yet: ask for /next first.")
        if token is None:
            raise HTTPException(400, "Signed storage: send the learner's token.")
        with _as_http_errors(loading=True):
            session = at.TutoringSession.from_token(
                the_bank, token, keys, learner_id=learner_id, strict=True, **design
            )
        if session.revision != row[0]:
            raise HTTPException(
                409,
                f"This token is out of date (revision {session.revision}; the latest is "
                f"{row[0]}): reload the page.",
            )
        return session

    def save(db: sqlite3.Connection, session: at.TutoringSession) -> str | None:
        """Store the session (or its revision); return the new token in signed storage."""
        if storage == "server":
            db.execute(
                "INSERT INTO learner_state VALUES (?, ?, ?) ON CONFLICT(learner_id) DO UPDATE"
                " SET revision = excluded.revision, state = excluded.state",
                (session.learner_id, session.revision, json.dumps(session.to_dict())),
            )
            return None
        db.execute(
            "INSERT INTO learner_revision (learner_id, revision) VALUES (?, ?)"
            " ON CONFLICT(learner_id) DO UPDATE SET revision = excluded.revision",
            (session.learner_id, session.revision),
        )
        return session.to_token(signing_key, key_id=key_id)

    def new_or_load(
        db: sqlite3.Connection, learner_id: str, token: str | None, grade: int | None = None
    ) -> Any:
        table = "learner_state" if storage == "server" else "learner_revision"
        known = db.execute(f"SELECT 1 FROM {table} WHERE learner_id = ?", (learner_id,)).fetchone()
        if known is None:
            with _as_http_errors(loading=True):
                return at.TutoringSession(
                    the_bank,
                    learner_id=learner_id,
                    strict=True,
                    placement=placement,
                    learner_grade=grade if placement is not None else None,
                    **design,
                )
        return load(db, learner_id, token)

    @app.post("/learners/{learner_id}/next")
    def next_exercise(learner_id: LearnerId, request: NextRequest) -> dict[str, Any]:
        """The exercise on offer (the same one until it is answered) or the stop."""
        with store.transaction() as db:
            session = new_or_load(db, learner_id, request.token, request.grade)
            item = session.next_item()
            return _exercise(session, item, save(db, session))

    @app.post("/learners/{learner_id}/choices")
    def choices(learner_id: LearnerId, request: ChoicesRequest) -> dict[str, Any]:
        """A menu the child may choose from: review, just right, challenge."""
        with store.transaction() as db:
            session = new_or_load(db, learner_id, request.token)
            menu = session.offer_choices(request.k)
            stop = None if menu else session.stop_decision()
            return {
                "learner_id": learner_id,
                "revision": session.revision,
                "choices": [
                    {"label": choice.label, "item": _item_for_child(choice.item)} for choice in menu
                ],
                "finished": not menu,
                "stop_reason": None if stop is None else stop.reason,
                "token": save(db, session),
            }

    @app.post("/learners/{learner_id}/answers")
    def answer(learner_id: LearnerId, request: AnswerRequest) -> dict[str, Any]:
        """Record an answer (a retry with the same answer_id is a no-op) and offer the next."""
        with store.transaction() as db:
            if storage == "signed":
                last = db.execute(
                    "SELECT last_answer_id, last_request, last_reply FROM learner_revision"
                    " WHERE learner_id = ?",
                    (learner_id,),
                ).fetchone()
                if last is not None and last[0] == request.answer_id:
                    if last[1] != _answer_key(request):
                        raise HTTPException(
                            409,
                            f"Answer id {request.answer_id!r} was already used for another "
                            "answer; give every answer its own id.",
                        )
                    return dict(json.loads(last[2]))  # the same request again
            session = load(db, learner_id, request.token)
            with _as_http_errors():
                if request.item_id not in the_bank:
                    raise at.ResponseDataError(
                        f"Unknown item id {request.item_id!r}: not in item bank "
                        f"{the_bank.metadata.id!r}."
                    )
                item = the_bank[request.item_id]
                if (request.score is None) == (request.answer is None):
                    raise at.ResponseDataError("Send either 'answer' or 'score', not both.")
                score = item.score(request.answer) if request.score is None else request.score
                before = session.revision
                session.record(
                    item.id,
                    score,
                    answer_id=request.answer_id,
                    expected_revision=request.revision,
                    response_time=request.response_time,
                )
            recorded = session.revision != before
            reply = {
                "recorded": recorded,
                "score": score,
                "correct": score == item.max_score,
                **_exercise(session, session.next_item(), None),
            }
            reply["token"] = save(db, session)
            if storage == "signed":
                db.execute(
                    "UPDATE learner_revision SET last_answer_id = ?, last_request = ?,"
                    " last_reply = ? WHERE learner_id = ?",
                    (request.answer_id, _answer_key(request), json.dumps(reply), learner_id),
                )
            return reply

    @app.get("/learners/{learner_id}/report")
    def report(learner_id: LearnerId) -> dict[str, Any]:
        """Abilities and mastery per skill (server storage)."""
        with store.transaction() as db:
            return _report(load(db, learner_id, None))

    @app.post("/learners/{learner_id}/report")
    def report_from_token(learner_id: LearnerId, request: ReportRequest) -> dict[str, Any]:
        """Abilities and mastery per skill (either storage; signed storage sends the token)."""
        with store.transaction() as db:
            return _report(load(db, learner_id, request.token))

    return app


def app_from_environment() -> FastAPI:
    """The service configured by ``TUTOR_DATABASE``, ``TUTOR_STORAGE``, ``TUTOR_SECRET``."""
    storage = os.environ.get("TUTOR_STORAGE", "server")
    if storage not in ("server", "signed"):
        raise ValueError(f"TUTOR_STORAGE must be 'server' or 'signed'. Got {storage!r}.")
    return create_app(
        os.environ.get("TUTOR_DATABASE", "tutor.sqlite3"),
        storage="signed" if storage == "signed" else "server",
        secret=os.environ.get("TUTOR_SECRET"),
    )
