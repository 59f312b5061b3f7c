"""Per-skill BKT parameters: an immutable, JSON-friendly container."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from adaptive_tutor._validation import parameter_error

__all__ = ["BKTParams"]

PARAMETER_NAMES = ("prior", "learn", "guess", "slip", "forget")


@dataclass(frozen=True, eq=False)
class BKTParams:
    """Bayesian knowledge tracing parameters, one value of each per skill.

    Parameters
    ----------
    skill_ids : tuple of str
        Skills in the order of the arrays.
    prior : ndarray of shape (n_skills,)
        P(skill mastered before the first answer).
    learn : ndarray of shape (n_skills,)
        P(unmastered -> mastered) after each answer (practice opportunity).
    guess : ndarray of shape (n_skills,)
        P(correct | unmastered).
    slip : ndarray of shape (n_skills,)
        P(wrong | mastered).
    forget : ndarray of shape (n_skills,)
        P(mastered -> unmastered) after each answer (0 in standard BKT).

    Notes
    -----
    Arrays are converted to read-only float64. Every value must lie in [0, 1]; the
    identifiability conditions guess < 0.5 and slip < 0.5 are enforced by the EM fit
    (:class:`BayesianKnowledgeTracing`), not here, so hand-written parameters may break them.

    Examples
    --------
    >>> params = BKTParams.from_dict(
    ...     {"fractions": {"prior": 0.2, "learn": 0.1, "guess": 0.25, "slip": 0.1}}
    ... )
    >>> params.skill_ids, float(params.learn[0]), float(params.forget[0])
    (('fractions',), 0.1, 0.0)
    """

    skill_ids: tuple[str, ...]
    prior: npt.NDArray[np.float64]
    learn: npt.NDArray[np.float64]
    guess: npt.NDArray[np.float64]
    slip: npt.NDArray[np.float64]
    forget: npt.NDArray[np.float64]

    def __post_init__(self) -> None:
        skills = tuple(str(s) for s in self.skill_ids)
        if len(set(skills)) != len(skills):
            raise parameter_error("skill_ids", "BKTParams", "unique skill ids", skills)
        object.__setattr__(self, "skill_ids", skills)
        for name in PARAMETER_NAMES:
            values = np.array(getattr(self, name), dtype=np.float64).reshape(-1)
            if values.shape != (len(skills),):
                raise parameter_error(
                    name, "BKTParams", f"an array of {len(skills)} values (one per skill)", values
                )
            bad = ~((values >= 0.0) & (values <= 1.0))
            if bad.any():
                skill = skills[int(np.flatnonzero(bad)[0])]
                raise parameter_error(
                    name, "BKTParams", f"a probability in [0, 1] for skill {skill!r}", values
                )
            values.flags.writeable = False
            object.__setattr__(self, name, values)

    @property
    def n_skills(self) -> int:
        """Number of skills.

        Examples
        --------
        >>> BKTParams.uniform(["a", "b"], prior=0.3, learn=0.1, guess=0.2, slip=0.1).n_skills
        2
        """
        return len(self.skill_ids)

    def index_of(self, skill_ids: Sequence[str]) -> npt.NDArray[np.intp]:
        """Positions of ``skill_ids``; unknown skills raise ``KeyError`` naming them.

        Parameters
        ----------
        skill_ids : sequence of str
            Skills of these parameters.

        Returns
        -------
        ndarray of intp
            Their positions, in the order given.

        Examples
        --------
        >>> params = BKTParams.uniform(["a", "b"], prior=0.3, learn=0.1, guess=0.2, slip=0.1)
        >>> params.index_of(["b", "a"]).tolist()
        [1, 0]
        """
        lookup = {skill: i for i, skill in enumerate(self.skill_ids)}
        unknown = [s for s in skill_ids if str(s) not in lookup]
        if unknown:
            known = ", ".join(repr(s) for s in self.skill_ids[:10])
            raise KeyError(
                f"Unknown skill(s) {', '.join(repr(s) for s in unknown[:5])}: the model has "
                f"parameters for {known}{' ...' if self.n_skills > 10 else ''}. Fit on a log "
                "that includes these skills or add their parameters."
            )
        return np.array([lookup[str(s)] for s in skill_ids], dtype=np.intp)

    @classmethod
    def uniform(
        cls,
        skill_ids: Sequence[str],
        *,
        prior: float,
        learn: float,
        guess: float,
        slip: float,
        forget: float = 0.0,
    ) -> BKTParams:
        """The same parameters for every skill.

        Parameters
        ----------
        skill_ids : sequence of str
            The skills.
        prior, learn, guess, slip : float
            P(mastered) before practice, P(learning) per opportunity, P(correct) when not
            mastered, P(wrong) when mastered.
        forget : float, default 0.0
            P(forgetting) per opportunity.

        Returns
        -------
        BKTParams
            The parameters, checked.

        Examples
        --------
        >>> params = BKTParams.uniform(["a"], prior=0.3, learn=0.1, guess=0.2, slip=0.1)
        >>> float(params.guess[0])
        0.2
        """
        n = len(skill_ids)
        return cls(
            skill_ids=tuple(skill_ids),
            prior=np.full(n, prior),
            learn=np.full(n, learn),
            guess=np.full(n, guess),
            slip=np.full(n, slip),
            forget=np.full(n, forget),
        )

    def to_dict(self) -> dict[str, dict[str, float]]:
        """JSON-compatible ``{skill_id: {"prior": .., "learn": .., ...}}``.

        Returns
        -------
        dict of str to dict
            Skill id to its parameters, for :meth:`from_dict`.

        Examples
        --------
        >>> BKTParams.uniform(["a"], prior=0.5, learn=0.1, guess=0.2, slip=0.1).to_dict()
        {'a': {'prior': 0.5, 'learn': 0.1, 'guess': 0.2, 'slip': 0.1, 'forget': 0.0}}
        """
        return {
            skill: {name: float(getattr(self, name)[i]) for name in PARAMETER_NAMES}
            for i, skill in enumerate(self.skill_ids)
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Mapping[str, Any]]) -> BKTParams:
        """Inverse of :meth:`to_dict`; a missing ``forget`` means 0.

        Parameters
        ----------
        data : mapping of str to mapping
            Skill id to its ``prior``, ``learn``, ``guess``, ``slip`` (and ``forget``).

        Returns
        -------
        BKTParams
            The parameters, checked.

        Examples
        --------
        >>> params = BKTParams.uniform(["a"], prior=0.5, learn=0.1, guess=0.2, slip=0.1)
        >>> BKTParams.from_dict(params.to_dict()).to_dict() == params.to_dict()
        True
        """
        skills = tuple(data)
        missing = [
            (skill, name)
            for skill in skills
            for name in PARAMETER_NAMES[:4]
            if name not in data[skill]
        ]
        if missing:
            skill, name = missing[0]
            raise parameter_error(
                "data", "BKTParams.from_dict", f"a value for {name!r} for skill {skill!r}", None
            )
        values = {
            name: [float(data[skill].get(name, 0.0)) for skill in skills]
            for name in PARAMETER_NAMES
        }
        return cls(skill_ids=skills, **{k: np.array(v) for k, v in values.items()})

    def to_frame(self) -> pd.DataFrame:
        """Parameters as a DataFrame indexed by skill id.

        Returns
        -------
        DataFrame
            One row per skill, one column per parameter.

        Examples
        --------
        >>> BKTParams.uniform(["a"], prior=0.5, learn=0.1, guess=0.2, slip=0.1).to_frame()
                  prior  learn  guess  slip  forget
        skill_id
        a           0.5    0.1    0.2   0.1     0.0
        """
        frame = pd.DataFrame(
            {name: np.asarray(getattr(self, name)) for name in PARAMETER_NAMES},
            index=pd.Index(self.skill_ids, name="skill_id"),
        )
        return frame

    def take(self, indices: npt.ArrayLike) -> BKTParams:
        """Parameters of a subset of skills (by position).

        Parameters
        ----------
        indices : array-like of int
            Positions of the skills to keep.

        Returns
        -------
        BKTParams
            The parameters of those skills, in that order.

        Examples
        --------
        >>> params = BKTParams.uniform(["a", "b"], prior=0.5, learn=0.1, guess=0.2, slip=0.1)
        >>> params.take([1]).skill_ids
        ('b',)
        """
        index = np.asarray(indices, dtype=np.intp)
        return BKTParams(
            skill_ids=tuple(self.skill_ids[i] for i in index.tolist()),
            **{name: getattr(self, name)[index] for name in PARAMETER_NAMES},
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BKTParams):
            return NotImplemented
        return self.skill_ids == other.skill_ids and all(
            np.array_equal(getattr(self, n), getattr(other, n)) for n in PARAMETER_NAMES
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BKTParams(n_skills={self.n_skills}, skill_ids={self.skill_ids[:5]!r})"
