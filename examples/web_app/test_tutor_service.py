"""The example service through FastAPI's test client (no network).

30 children x 25 answers with duplicated, replayed and concurrent requests: nothing
acknowledged is lost, nothing is counted twice. Bad requests get a 4xx with the library's
message.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import adaptive_tutor as at
from adaptive_tutor.mastery import STATUSES
from tutor_service import create_app

BANK = at.load_shipped_bank("arithmetic")
SECRET = b"example-service-secret-32-bytes!"
N_CHILDREN = 30
N_ANSWERS = 25


@pytest.fixture(params=["server", "signed"])
def storage(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _app(tmp_path: Path, storage: str) -> Any:
    return create_app(
        tmp_path / "tutor.sqlite3",
        bank=BANK,
        storage=storage,  # type: ignore[arg-type]
        secret=SECRET,
        stopping_rule=at.MaxItems(N_ANSWERS),
        synchronous="OFF",  # the locking is the same; the tests need not wait for the disk
    )


@pytest.fixture
def client(tmp_path: Path, storage: str) -> Iterator[TestClient]:
    with TestClient(_app(tmp_path, storage)) as test_client:
        yield test_client


def _raw_answer(item: dict[str, Any], right: bool) -> dict[str, Any]:
    """A child's raw answer to the item on screen (or a score for a rubric item)."""
    key = BANK[item["id"]]
    if item["type"] == "partial_credit":
        return {"score": key.max_score if right else 0}
    if item["type"] == "multiple_choice":
        assert key.answer is not None
        wrong = next(c["id"] for c in item["choices"] if c["id"] != key.answer.choice)
        return {"answer": (key.answer.choice or "").lower() if right else wrong}
    assert key.answer is not None
    if key.answer.value is not None:
        return {"answer": str(key.answer.value) if right else str(key.answer.value + 1)}
    return {"answer": key.answer.accepted[0] if right else "no idea"}  # type: ignore[index]


class Child:
    """One simulated child with a browser tab (or two)."""

    def __init__(
        self, client: TestClient, learner_id: str, seed: int, grade: int | None = None
    ) -> None:
        self.client = client
        self.learner_id = learner_id
        self.rng = random.Random(seed)
        self.acknowledged: list[str] = []
        self.sent: list[dict[str, Any]] = []
        reply = self.post("next", {} if grade is None else {"grade": grade})
        assert reply.status_code == 200, reply.text
        self.exercise: dict[str, Any] = reply.json()

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"/learners/{self.learner_id}/{path}", json=body)

    def answer_body(self, exercise: dict[str, Any], tag: str, right: bool) -> dict[str, Any]:
        return {
            "item_id": exercise["item"]["id"],
            **_raw_answer(exercise["item"], right),
            "answer_id": f"{self.learner_id}-{tag}",
            "revision": exercise["revision"],
            "response_time": round(self.rng.uniform(2, 40), 1),
            "token": exercise["token"],
        }

    def play(self) -> None:
        step = 0
        while not self.exercise["finished"]:
            step += 1
            body = self.answer_body(self.exercise, f"a{step}", self.rng.random() < 0.7)
            roll = self.rng.random()
            if roll < 0.15:  # two tabs answer the offered item at the same moment
                other = {**body, "answer_id": f"{self.learner_id}-b{step}"}
                with ThreadPoolExecutor(2) as pool:
                    replies = list(pool.map(lambda b: self.post("answers", b), [body, other]))
                good = [r for r in replies if r.status_code == 200]
                assert len(good) == 1, [r.text for r in replies]
                assert all(r.status_code == 409 for r in replies if r.status_code != 200)
                data = good[0].json()
                assert data["recorded"]
                self.acknowledged.append(
                    body["answer_id"] if good[0] is replies[0] else other["answer_id"]
                )
                self.exercise = data
                self.sent.append(body if good[0] is replies[0] else other)
                continue
            reply = self.post("answers", body)
            assert reply.status_code == 200, reply.text
            data = reply.json()
            assert data["recorded"]
            self.acknowledged.append(body["answer_id"])
            self.sent.append(body)
            if roll < 0.45:  # the same POST again (a double tap, a retry after a timeout)
                again = self.post("answers", body)
                assert again.status_code == 200, again.text
                assert not again.json()["recorded"] or again.json() == data
                assert again.json()["revision"] == data["revision"]
            elif roll < 0.6 and len(self.sent) > 1:  # an old request replayed much later
                old = self.sent[self.rng.randrange(len(self.sent) - 1)]
                replayed = self.post("answers", old)
                assert replayed.status_code in (200, 409), replayed.text
                if replayed.status_code == 200:
                    assert not replayed.json()["recorded"]
            self.exercise = data


def _final_history(client: TestClient, child: Child, storage: str, database: Path) -> Any:
    if storage == "server":
        with sqlite3.connect(database) as db:
            (text,) = db.execute(
                "SELECT state FROM learner_state WHERE learner_id = ?", (child.learner_id,)
            ).fetchone()
        return json.loads(text)["history"]
    session = at.TutoringSession.from_token(BANK, child.exercise["token"], SECRET)
    return session.to_dict()["history"]


def test_thirty_children_lose_nothing_and_count_nothing_twice(
    client: TestClient, storage: str, tmp_path: Path
) -> None:
    children = [Child(client, f"child-{n:02d}", seed=n) for n in range(N_CHILDREN)]
    with ThreadPoolExecutor(6) as pool:  # children answer at the same time
        list(pool.map(Child.play, children))
    for child in children:
        history = _final_history(client, child, storage, tmp_path / "tutor.sqlite3")
        assert history["answer_id"] == child.acknowledged
        assert len(history["item_id"]) == N_ANSWERS
        assert len(set(history["item_id"])) == N_ANSWERS  # no item answered twice
        assert child.exercise["stop_reason"] == "max_items"
        report = child.post("report", {"token": child.exercise["token"]}).json()
        assert report["n_answers"] == N_ANSWERS


# --------------------------------------------------------------------------- bad requests
@pytest.fixture
def child(client: TestClient) -> Child:
    return Child(client, "ana", seed=1)


def _mc_exercise(child: Child) -> dict[str, Any]:
    """Answer until a multiple-choice item is on offer."""
    step = 0
    while child.exercise["item"]["type"] != "multiple_choice":
        step += 1
        body = child.answer_body(child.exercise, f"warm{step}", True)
        child.exercise = child.post("answers", body).json()
    return child.exercise


def test_an_unknown_item_is_a_422_with_the_library_message(child: Child) -> None:
    body = {**child.answer_body(child.exercise, "x", True), "item_id": "no.such.item"}
    reply = child.post("answers", body)
    assert reply.status_code == 422
    assert "Unknown item id 'no.such.item': not in item bank 'arithmetic'" in reply.json()["detail"]


def test_an_invalid_choice_is_a_422_naming_the_item_and_choices(child: Child) -> None:
    exercise = _mc_exercise(child)
    body = {**child.answer_body(exercise, "x", True), "answer": "Z"}
    reply = child.post("answers", body)
    assert reply.status_code == 422
    detail = reply.json()["detail"]
    assert exercise["item"]["id"] in detail
    for choice in exercise["item"]["choices"]:
        assert choice["id"] in detail


def test_an_item_not_on_offer_is_a_409(child: Child) -> None:
    offered = child.exercise["item"]["id"]
    other = next(i for i in BANK.item_ids if i != offered and BANK[i].type == "partial_credit")
    body = {**child.answer_body(child.exercise, "x", True), "item_id": other, "score": 1}
    body.pop("answer", None)
    reply = child.post("answers", body)
    assert reply.status_code == 409
    assert f"Item '{other}' is not on offer" in reply.json()["detail"]


def test_an_answer_from_an_old_page_is_a_409(child: Child, storage: str) -> None:
    first = child.answer_body(child.exercise, "one", True)
    assert child.post("answers", first).status_code == 200
    stale = {**first, "answer_id": "two"}
    reply = child.post("answers", stale)
    assert reply.status_code == 409
    expected = "out of date" if storage == "signed" else "was given against revision"
    assert expected in reply.json()["detail"]


def test_an_answer_id_reused_for_another_answer_is_a_409(child: Child) -> None:
    first = child.answer_body(child.exercise, "one", True)
    reply = child.post("answers", first)
    assert reply.status_code == 200
    exercise = reply.json()
    reused = {**child.answer_body(exercise, "one", False), "token": exercise["token"]}
    reply = child.post("answers", reused)
    assert reply.status_code == 409
    assert "'ana-one'" in reply.json()["detail"]


def test_both_answer_and_score_is_a_422(child: Child) -> None:
    body = {**child.answer_body(child.exercise, "x", True), "answer": "1", "score": 1}
    reply = child.post("answers", body)
    assert reply.status_code == 422
    assert "either 'answer' or 'score'" in reply.json()["detail"]


def test_a_missing_field_is_a_422(child: Child) -> None:
    body = child.answer_body(child.exercise, "x", True)
    del body["answer_id"]
    assert child.post("answers", body).status_code == 422


def test_an_unknown_learner_is_a_404(client: TestClient) -> None:
    reply = client.post(
        "/learners/nobody/answers",
        json={"item_id": BANK.item_ids[0], "answer": "1", "answer_id": "a", "revision": 1},
    )
    assert reply.status_code == 404


def test_a_tampered_or_foreign_token_is_a_400(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path, "signed")) as client:
        ana, ben = Child(client, "ana", seed=1), Child(client, "ben", seed=2)
        token = ana.exercise["token"]
        for bad, message in [
            (token[:-3] + "AAA", "does not verify"),
            (token[: len(token) // 2], "cut short"),
            (ben.exercise["token"], "belongs to learner 'ben', not to 'ana'"),
        ]:
            reply = ana.post("next", {"token": bad})
            assert reply.status_code == 400
            assert message in reply.json()["detail"]


@pytest.mark.parametrize(
    "secret", ["short", b"", {"default": "short"}, {"new": "x" * 32, "old": "x"}]
)
def test_a_secret_too_short_stops_the_service_at_start(tmp_path: Path, secret: Any) -> None:
    # not a service that starts and answers every request with a 500
    key_id = "new" if isinstance(secret, dict) and "new" in secret else "default"
    with pytest.raises(ValueError, match="at least 16 bytes"):
        create_app(
            tmp_path / "t.sqlite3", bank=BANK, storage="signed", secret=secret, key_id=key_id
        )


def test_choices_can_be_answered(child: Child) -> None:
    menu = child.post("choices", {"k": 3, "token": child.exercise["token"]}).json()
    assert [c["label"] for c in menu["choices"]] == ["review", "just_right", "challenge"]
    picked = {
        "item": menu["choices"][2]["item"],
        "revision": menu["revision"],
        "token": menu["token"],
    }
    reply = child.post("answers", child.answer_body(picked, "c1", True))
    assert reply.status_code == 200, reply.text
    assert reply.json()["recorded"]


def test_the_report_names_skills_and_statuses(child: Child) -> None:
    for step in range(4):
        child.exercise = child.post(
            "answers", child.answer_body(child.exercise, f"r{step}", True)
        ).json()
    report = child.post("report", {"token": child.exercise["token"]}).json()
    assert report["n_answers"] == 4
    assert {s["status"] for s in report["skills"]} <= set(STATUSES)
    assert report["skills"][0]["name"] == BANK.skill(report["skills"][0]["skill_id"]).name


def test_a_learner_id_longer_than_the_library_takes_is_a_422(client: TestClient) -> None:
    reply = client.post(f"/learners/{'x' * 201}/next", json={})
    assert reply.status_code == 422


@pytest.mark.parametrize("seconds", ["Infinity", "NaN", "1e13", "-1"])
def test_a_response_time_the_library_refuses_is_a_422(child: Child, seconds: str) -> None:
    body = child.answer_body(child.exercise, "t", True)
    # only the response time: a token or an answer may hold "0.0" too (a token ending a part
    # in 0 before a signature starting with 0 made this test fail now and then)
    text = json.dumps({**body, "response_time": "SECONDS"}).replace('"SECONDS"', seconds)
    reply = child.client.post(
        "/learners/ana/answers", content=text, headers={"content-type": "application/json"}
    )
    assert reply.status_code == 422, reply.text


def test_an_old_token_moved_on_by_other_requests_is_refused(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path, "signed")) as client:
        ana = Child(client, "ana", seed=1)
        old = ana.exercise
        reply = ana.post("answers", ana.answer_body(old, "one", False))
        assert reply.status_code == 200
        for path, body in [("choices", {"k": 3}), ("choices", {"k": 2}), ("next", {})]:
            moved = ana.post(path, {**body, "token": old["token"]})  # never a new token
            assert moved.status_code == 409
            assert "out of date" in moved.json()["detail"]
        retry = ana.post("answers", {**ana.answer_body(old, "two", True)})
        assert retry.status_code == 409  # the wrong answer stands


def test_a_new_child_with_a_grade_starts_with_the_placement(tmp_path: Path, storage: str) -> None:
    app = create_app(
        tmp_path / "placed.sqlite3",
        bank=BANK,
        storage=storage,  # type: ignore[arg-type]
        secret=SECRET,
        placement=at.Placement(max_items=4),
        synchronous="OFF",
    )
    with TestClient(app) as client:
        assert client.post("/learners/pia/next", json={"grade": 13}).status_code == 422
        child = Child(client, "pia", seed=3, grade=3)
        for step in range(6):
            reply = child.post("answers", child.answer_body(child.exercise, f"p{step}", True))
            assert reply.status_code == 200, reply.text
            child.exercise = reply.json()
        history = _final_history(client, child, storage, tmp_path / "placed.sqlite3")
    assert history["stage"] == ["placement"] * 4 + ["practice"] * 2


@pytest.mark.parametrize("field", ["score", "revision", "item_id", "answer_id"])
def test_a_non_finite_number_in_a_typed_field_is_a_422(child: Child, field: str) -> None:
    body = {**child.answer_body(child.exercise, "n", True), field: "@"}
    text = json.dumps(body).replace('"@"', "NaN")  # Python's JSON reader takes NaN
    reply = child.client.post(
        "/learners/ana/answers", content=text, headers={"content-type": "application/json"}
    )
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["loc"] == ["body", field]
