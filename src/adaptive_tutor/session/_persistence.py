"""Saving and restoring a tutoring session: a JSON-compatible dict, or a signed token.

Mixed into :class:`~adaptive_tutor.session.TutoringSession`; the format lives in
:mod:`adaptive_tutor.session._state` and the signing in :mod:`adaptive_tutor.session._token`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.mastery import MasteryClassifier
from adaptive_tutor.placement import LearnerPlacement, Placement
from adaptive_tutor.selection import ExposureCounts, ScoringSelector
from adaptive_tutor.session._checks import (
    DEFAULT_MAX_HISTORY,
    check_exposure_counts,
    check_max_history,
    check_model_class,
    check_optional_text,
)
from adaptive_tutor.session._history import AnswerLog
from adaptive_tutor.session._state import read_session_state, session_state
from adaptive_tutor.session._token import (
    DEFAULT_KEY_ID,
    Secret,
    Secrets,
    decode_token,
    encode_token,
)
from adaptive_tutor.stopping import StopDecision, StoppingRule


class SessionPersistence:
    """``to_dict`` / ``from_dict`` and ``to_token`` / ``from_token`` of a session."""

    _bank: ItemBank
    _seed: int
    _learner_id: str
    _revision: int
    _start: Any
    _learner: Any
    _log: AnswerLog
    _offered: str | None
    _choices: tuple[tuple[str, str], ...] | None
    _stop: StopDecision | None
    _exposure_counts: ExposureCounts | None
    _placement: LearnerPlacement | None

    if TYPE_CHECKING:

        def __init__(self, bank: ItemBank, **options: Any) -> None: ...

        def _moderated_model(self, start: Any, replayed: Any) -> Any: ...

    def to_dict(self) -> dict[str, Any]:
        """The session as a JSON-compatible dict: its answers and settings, no estimates.

        Holds the answers (item, score, offered or not, time, response time, answer id),
        the learner model's settings, the seed, the learner id, the ``revision``, the
        item(s) on offer and a reached stop: about 5 KB after 60 answers. Estimates are
        replayed on load. Selector, stopping rule and mastery classifier are code, not
        state: pass them again to :meth:`from_dict`.

        Returns
        -------
        dict
            The state, for :meth:`from_dict` (and :func:`json.dumps`).

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> data = TutoringSession(ItemBank.from_dict(tiny_bank_document()), seed=2).to_dict()
        >>> data["format"], data["version"], data["seed"], data["revision"]
        ('adaptive_tutor.TutoringSession', 2, 2, 0)
        """
        return session_state(
            self._bank,
            seed=self._seed,
            learner_id=self._learner_id,
            revision=self._revision,
            start_model=self._start,
            log=self._log,
            offered=self._offered,
            choices=self._choices,
            stop=self._stop,
            placement=self._placement,
        )

    @classmethod
    def from_dict(
        cls,
        bank: ItemBank,
        data: Mapping[str, Any],
        *,
        learner_id: str | None = None,
        selector: ScoringSelector | None = None,
        stopping_rule: StoppingRule | None = None,
        learner_model: Any = None,
        mastery: MasteryClassifier | None = None,
        exposure_counts: ExposureCounts | None = None,
        strict: bool = False,
        max_history: int = DEFAULT_MAX_HISTORY,
        placement: Placement | None = None,
        learner_grade: int | None = None,
    ) -> Self:
        """Rebuild a session from :meth:`to_dict` output (or a version-1 state).

        The answers are checked and replayed (one vectorised pass for the IRT learner
        state), so the estimates always follow from the history. Key order and whitespace
        of the JSON never matter.

        Parameters
        ----------
        bank : ItemBank
            The bank the state was saved with (checked by id and fingerprint).
        data : mapping
            The state from :meth:`to_dict` (it may come back from a browser: it is checked).
        learner_id : str, optional
            The learner the app expects; a state of another learner is refused.
        selector, stopping_rule : optional
            As in the constructor (they are not part of the state).
        learner_model : class or object, optional
            Needed only for a learner model other than ``LearnerState``: its class (or an
            instance). A session saved with a tracker (Elo or BKT) holds a
            ``TrackedLearner``: pass ``learner_model=TrackedLearner`` (the class).
        mastery, exposure_counts, strict, max_history : optional
            As in the constructor (they are not part of the state). A state with more
            than ``max_history`` answers is refused before anything is built.
        placement, learner_grade : optional
            Start a placement, as in the constructor, only for a saved session without
            answers and without a placement (a placement happens at the first sitting).
            A saved placement is part of the state: it continues with its own settings.

        Returns
        -------
        TutoringSession
            The session as it was saved, its estimates replayed from the answers.

        Raises
        ------
        SessionStateError
            If the dict is malformed (the message names the field and row), from a newer
            format version, another bank or another learner, or its learner model is not
            of the ``learner_model`` class.
        TypeError
            If ``learner_model`` cannot restore a learner model (a tracker, or a class
            without ``from_dict``).

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> session = TutoringSession(bank, seed=4); session.record("add-1", 1)
        >>> TutoringSession.from_dict(bank, session.to_dict()).history.equals(session.history)
        True
        """
        check_model_class(learner_model)
        expected = check_optional_text(learner_id, "learner_id")
        limit = check_max_history(max_history)
        try:
            saved = read_session_state(bank, data, learner_model, limit)
        except SessionStateError:
            raise
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise SessionStateError(f"Malformed tutoring session state: {error!r}.") from None
        if expected is not None and saved.learner_id != expected:
            raise SessionStateError(
                f"This session state belongs to learner {saved.learner_id!r}, not to "
                f"{expected!r}; it is refused."
            )
        session = cls(
            bank,
            selector=selector,
            stopping_rule=stopping_rule,
            learner_model=saved.start_model,
            mastery=mastery,
            seed=saved.seed,
            learner_id=saved.learner_id,
            strict=strict,
            max_history=limit,
            placement=placement,
            learner_grade=learner_grade,
        )
        if saved.placement is not None or len(saved.log):
            session._placement = saved.placement
        session._exposure_counts = check_exposure_counts(exposure_counts, bank)
        session._log = saved.log
        session._learner = session._moderated_model(saved.start_model, saved.learner_model)
        session._offered = saved.offered
        session._choices = saved.choices
        session._stop = saved.stop
        session._revision = saved.revision
        return session

    def to_token(self, secret: Secret, *, key_id: str = DEFAULT_KEY_ID) -> str:
        """The state signed with ``secret``: a compact string safe to hand to a browser.

        HMAC-SHA256 over the canonical JSON (compressed), tagged with ``key_id`` so
        secrets can be rotated. :meth:`from_token` refuses any token that was changed or
        cut short, or that belongs to another bank or learner.

        Parameters
        ----------
        secret : str or bytes
            At least 16 bytes, kept on the server (e.g. ``secrets.token_bytes(32)``).
        key_id : str, default="default"
            Names the secret (1 to 32 letters, digits, ``_`` or ``-``).

        Returns
        -------
        str
            The signed state (URL-safe text).

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> session = TutoringSession(bank, seed=4, learner_id="kim")
        >>> session.record("add-1", 1)
        >>> token = session.to_token(b"server secret, 16+ bytes", key_id="2026a")
        >>> token.startswith("at1.2026a.")
        True
        >>> again = TutoringSession.from_token(bank, token, {"2026a": b"server secret, 16+ bytes"})
        >>> again.n_responses, again.learner_id
        (1, 'kim')
        """
        owner = f"{type(self).__name__}.to_token"
        return encode_token(self.to_dict(), secret, key_id, owner)

    @classmethod
    def from_token(
        cls,
        bank: ItemBank,
        token: str,
        secret: Secrets,
        *,
        learner_id: str | None = None,
        selector: ScoringSelector | None = None,
        stopping_rule: StoppingRule | None = None,
        learner_model: Any = None,
        mastery: MasteryClassifier | None = None,
        exposure_counts: ExposureCounts | None = None,
        strict: bool = False,
        max_history: int = DEFAULT_MAX_HISTORY,
        placement: Placement | None = None,
        learner_grade: int | None = None,
    ) -> Self:
        """Verify a token made by :meth:`to_token` and rebuild the session.

        Parameters
        ----------
        bank : ItemBank
            The bank the state was saved with.
        token : str
            A token made by :meth:`to_token`.
        secret : str, bytes, or mapping of key id to secret
            The secret the token was signed with, or every secret still accepted, by key
            id (during a rotation: the new one and the old one).
        learner_id : str, optional
            The learner the app expects (from its login); a token of another learner is
            refused.
        selector, stopping_rule, learner_model : optional
            As in :meth:`from_dict`.
        mastery, exposure_counts, strict, max_history : optional
            As in :meth:`from_dict`.
        placement, learner_grade : optional
            As in :meth:`from_dict`.

        Returns
        -------
        TutoringSession
            The session the token holds.

        Raises
        ------
        SessionStateError
            If the token was changed in any byte, cut short, signed with an unknown key,
            or holds a state of another bank or learner.

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> token = TutoringSession(bank, seed=1).to_token("a secret of 16+ chars")
        >>> TutoringSession.from_token(bank, token[:-2], "a secret of 16+ chars")
        Traceback (most recent call last):
        ...
        adaptive_tutor.exceptions.SessionStateError: This learner state token does not \
verify: it was changed, cut short, or signed with another secret. It is refused; start from \
the last state the app saved.
        """
        limit = check_max_history(max_history)
        data = decode_token(token, secret, limit, f"{cls.__name__}.from_token")
        return cls.from_dict(
            bank,
            data,
            learner_id=learner_id,
            selector=selector,
            stopping_rule=stopping_rule,
            learner_model=learner_model,
            mastery=mastery,
            exposure_counts=exposure_counts,
            strict=strict,
            max_history=limit,
            placement=placement,
            learner_grade=learner_grade,
        )
