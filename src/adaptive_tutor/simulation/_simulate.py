"""``simulate``: run many simulated learners through an adaptive design."""

from __future__ import annotations

import dataclasses
import numbers
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from adaptive_tutor._validation import (
    check_choice,
    check_int,
    check_random_state,
    check_real,
    is_int,
    parameter_error,
)
from adaptive_tutor.estimation import EAP, AbilityEstimator
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.mastery import MasteryClassifier, check_mastery, status_labels
from adaptive_tutor.placement import PLACEMENT, PRACTICE, Placement, check_learner_grade
from adaptive_tutor.selection import MaxInformation, ScoringSelector
from adaptive_tutor.simulation._design import Design, FloatArray, RunRecord
from adaptive_tutor.simulation._lockstep import mastery_codes, plan_lockstep, run_lockstep
from adaptive_tutor.simulation._per_learner import run_per_learner
from adaptive_tutor.simulation._streams import RandomStreams
from adaptive_tutor.simulation.choice import ChildPicks
from adaptive_tutor.simulation.result import SimulationResult
from adaptive_tutor.stopping import MaxItems, StoppingRule

__all__ = ["ENGINES", "simulate"]

ENGINES = ("auto", "lockstep", "per_learner")
_OWNER = "simulate"


def simulate(
    bank: ItemBank,
    true_abilities_or_n: Any,
    *,
    selector: ScoringSelector | None = None,
    estimator: AbilityEstimator | None = None,
    stopping_rule: StoppingRule | None = None,
    mastery: MasteryClassifier | None = None,
    seed: Any = None,
    per_skill: bool = False,
    skill_correlation: float = 0.5,
    engine: str = "auto",
    child_choice: ChildPicks | None = None,
    placement: Placement | None = None,
    learner_grade: Any = None,
) -> SimulationResult:
    """Simulate learners taking an adaptive design and measure how well it works.

    Each simulated learner runs the design a real :class:`~adaptive_tutor.session.TutoringSession`
    would: the learner model is the IRT :class:`~adaptive_tutor.learner.LearnerState`
    (grid posterior, EAP), ``selector`` picks every item, ``stopping_rule`` ends the test, and
    answers are drawn from the bank's IRT model at the learner's true ability. Common
    designs (information or target-probability selection, with or without randomesque;
    length, standard-error and mastery stops) run in lock step as arrays over all
    learners; every other design runs one real session per learner. Both engines give
    the same items, answers and estimates for the same seed.

    Parameters
    ----------
    bank : ItemBank
        The items of the design.
    true_abilities_or_n : int or array-like
        Number of learners (abilities drawn from N(0, 1)), or their true abilities:
        shape ``(n_learners,)`` (one ability for every skill) or ``(n_learners,
        n_skills)`` (one per bank skill, in ``bank.skill_ids`` order).
    selector : ScoringSelector, optional
        Default ``MaxInformation()``.
    estimator : AbilityEstimator, optional
        Final scoring of each learner's responses. Default ``EAP()``; an EAP on the
        rectangular grid also sets the learner model's prior and grid, so its estimates
        are the running posterior. Other estimators (MAP, ML, WLE) rescore the final
        responses; item selection always uses the running EAP.
    stopping_rule : StoppingRule, optional
        Default ``MaxItems(20)``. A test also ends when no eligible item is left
        (reason ``"bank_exhausted"``). The same name as in
        :class:`~adaptive_tutor.session.TutoringSession`.
    mastery : MasteryClassifier, optional
        Labels each skill at the end; default
        :func:`~adaptive_tutor.mastery.default_mastery` (each skill's grade-level
        benchmark as its cut, level 0.9, at least 3 distinct items), the judgement of
        sessions and reports. True mastery is a true ability at or above the skill's cut
        (:meth:`~adaptive_tutor.mastery.MasteryClassifier.skill_cuts`).
    seed : None, int, SeedSequence or Generator
        Seed of all randomness (abilities, answers, ties and randomesque draws).
    per_skill : bool, default=False
        With an int ``true_abilities_or_n``, draw one ability per skill (multi-skill
        practice learners); each item is answered with the ability of its first skill.
    skill_correlation : float, default=0.5
        Correlation between the drawn skill abilities (``per_skill=True``).
    engine : {"auto", "lockstep", "per_learner"}, default="auto"
        ``"auto"`` uses lock step when the design allows it; ``"lockstep"`` raises a
        ValueError naming the reason when it does not.
    child_choice : ChildPicks, optional
        The "child picks" policy: instead of the selector's item, each step offers the
        child ``child_choice.k`` eligible items labelled review / just right / challenge
        (:meth:`~adaptive_tutor.session.TutoringSession.offer_choices`) and the child
        picks one with ``child_choice.preferences``. Runs the per-learner engine; compare
        with the same design without it to see what self-directed choice changes.
    placement : Placement, optional
        Start every learner with this placement, exactly as
        ``TutoringSession(..., placement=placement)`` does (both engines). The ``steps``
        frame marks its answers (``stage``) and ``learners`` gains ``placement_items``,
        ``placement_theta`` and ``placement_se`` (the overall estimate the placement
        found, located with its prior).
    learner_grade : int or array-like of int, optional
        The learners' school grades (one for all, or one per learner), which centre the
        placement (needs ``placement``).

    Returns
    -------
    SimulationResult
        Tidy frames of learners, steps, skills and items with the design's metrics.

    Raises
    ------
    ValueError
        For bad abilities, settings, or ``engine="lockstep"`` on a design it cannot run.
    TypeError
        For strategy objects of the wrong type.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> from adaptive_tutor.stopping import MaxItems
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> result = simulate(bank, [-1.0, 0.0, 1.0], stopping_rule=MaxItems(2), seed=7)
    >>> result.learners[["learner_id", "n_items", "stop_reason"]].to_dict("list")
    {'learner_id': ['0', '1', '2'], 'n_items': [2, 2, 2], 'stop_reason': ['max_items', 'max_items', 'max_items']}
    >>> result.engine, result.engine_note  # the tiny bank has enemy items
    ('per_learner', "NoEnemies on a bank with enemies depends on each learner's history")
    """  # noqa: E501
    design = _design(
        bank,
        true_abilities_or_n,
        selector,
        estimator,
        stopping_rule,
        mastery,
        seed,
        per_skill,
        skill_correlation,
        child_choice,
    )
    design = _with_placement(design, placement, learner_grade)
    engine = check_choice(engine, "engine", _OWNER, ENGINES)
    learners = np.arange(design.n_learners, dtype=np.intp)
    plan = plan_lockstep(design) if engine != "per_learner" else "per-learner engine requested"
    if isinstance(plan, str):
        if engine == "lockstep":
            raise ValueError(
                f"simulate cannot run this design in lock step: {plan}. Use engine='auto' "
                "or engine='per_learner'."
            )
        record = run_per_learner(design, learners)
        used, note = "per_learner", plan
    else:
        record = run_lockstep(design, plan, learners)
        used, note = "lockstep", ""
    return _result(design, record, used, note, per_skill or np.ndim(true_abilities_or_n) == 2)


# --------------------------------------------------------------------------- validation
def _design(
    bank: Any,
    abilities_or_n: Any,
    selector: Any,
    estimator: Any,
    stopper: Any,
    mastery: Any,
    seed: Any,
    per_skill: Any,
    skill_correlation: Any,
    child_choice: Any,
) -> Design:
    if not isinstance(bank, ItemBank):
        raise TypeError(
            f"The 'bank' parameter of simulate must be an ItemBank. Got {type(bank).__name__}."
        )
    selector = MaxInformation() if selector is None else selector
    if not isinstance(selector, ScoringSelector):
        raise TypeError(
            "The 'selector' parameter of simulate must be a ScoringSelector (e.g. "
            f"MaxInformation()). Got {type(selector).__name__}."
        )
    estimator = EAP() if estimator is None else estimator
    if not isinstance(estimator, AbilityEstimator):
        raise TypeError(
            "The 'estimator' parameter of simulate must be an AbilityEstimator (e.g. EAP()). "
            f"Got {type(estimator).__name__}."
        )
    stopper = MaxItems(20) if stopper is None else stopper
    if not isinstance(stopper, StoppingRule):
        raise TypeError(
            "The 'stopping_rule' parameter of simulate must be a StoppingRule (e.g. "
            "MaxItems(20)). "
            f"Got {type(stopper).__name__}."
        )
    mastery = check_mastery(mastery, "mastery", "simulate")
    if child_choice is not None and not isinstance(child_choice, ChildPicks):
        raise TypeError(
            "The 'child_choice' parameter of simulate must be None or a ChildPicks (e.g. "
            f"ChildPicks(preferences={{'just_right': 2, 'challenge': 1}})). Got "
            f"{type(child_choice).__name__}."
        )
    if not isinstance(per_skill, bool | np.bool_):
        raise TypeError(f"The 'per_skill' parameter of simulate must be a bool. Got {per_skill!r}.")
    correlation = check_real(
        skill_correlation, "skill_correlation", _OWNER, minimum=0.0, maximum=1.0
    )
    rng = check_random_state(seed, _OWNER)
    # an int seed is the root entropy itself; anything else draws one from its generator
    entropy = int(seed) if isinstance(seed, numbers.Integral) else int(rng.integers(0, 2**63))
    n_skills = len(bank.skill_ids)
    abilities, n_learners = _abilities(abilities_or_n, n_skills, bool(per_skill))
    streams = RandomStreams(entropy, n_learners)
    if abilities is None:
        shape = (n_learners, n_skills) if per_skill else (n_learners,)
        abilities = streams.abilities(shape, correlation)
    if abilities.ndim == 1:
        abilities = abilities[:, None]
        answer_column = np.zeros(len(bank), dtype=np.intp)
    else:
        skill_position = {s: k for k, s in enumerate(bank.skill_ids)}
        answer_column = np.array(
            [skill_position[item.skills[0]] for item in bank.items], dtype=np.intp
        )
    if isinstance(estimator, EAP) and estimator.rule == "rectangular":
        prior = {
            "prior_mean": estimator.prior_mean,
            "prior_sd": estimator.prior_sd,
            "n_points": estimator.n_points,
            "bound": estimator.bound,
        }
    else:
        prior = {"prior_mean": 0.0, "prior_sd": 1.0, "n_points": 61, "bound": 6.0}
    return Design(
        bank=bank,
        params=bank.params,
        selector=selector,
        stopper=stopper,
        mastery=mastery,
        estimator=estimator,
        prior=prior,
        abilities=np.ascontiguousarray(abilities, dtype=np.float64),
        answer_column=answer_column,
        streams=streams,
        session_seeds=streams.session_seeds(),
        child_choice=child_choice,
    )


def _abilities(value: Any, n_skills: int, per_skill: bool) -> tuple[FloatArray | None, int]:
    if is_int(value):
        return None, check_int(value, "true_abilities_or_n", _OWNER, minimum=1)
    expectation = (
        "an int >= 1 or an array of finite abilities of shape (n_learners,) or "
        f"(n_learners, {n_skills}) (one column per bank skill)"
    )
    if isinstance(value, bool | str | bytes):
        raise parameter_error("true_abilities_or_n", _OWNER, expectation, value)
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise parameter_error("true_abilities_or_n", _OWNER, expectation, value) from None
    shape_ok = (array.ndim == 1 and array.shape[0] >= 1) or (
        array.ndim == 2 and array.shape[0] >= 1 and array.shape[1] == n_skills
    )
    if not shape_ok or not np.all(np.isfinite(array)):
        shown = value if array.size <= 6 else f"an array of shape {array.shape}"
        raise parameter_error("true_abilities_or_n", _OWNER, expectation, shown)
    if per_skill and array.ndim == 1:
        raise ValueError(
            "per_skill=True draws one ability per skill; with given abilities pass an array "
            f"of shape (n_learners, {n_skills}) instead."
        )
    return array, int(array.shape[0])


def _with_placement(design: Design, placement: Any, learner_grade: Any) -> Design:
    if placement is None:
        if learner_grade is not None:
            raise ValueError(
                "The 'learner_grade' parameter of simulate centres the placement; pass "
                "placement=Placement() too (or leave learner_grade out)."
            )
        return design
    if not isinstance(placement, Placement):
        raise TypeError(
            "The 'placement' parameter of simulate must be a Placement (e.g. "
            f"Placement(max_items=8)). Got {type(placement).__name__}."
        )
    n = design.n_learners
    if learner_grade is None:
        grades: tuple[int | None, ...] = (None,) * n
    elif np.ndim(learner_grade) == 0:
        grades = (check_learner_grade(learner_grade, _OWNER),) * n
    else:
        values = list(np.asarray(learner_grade, dtype=object).reshape(-1))
        if len(values) != n:
            raise parameter_error(
                "learner_grade", _OWNER, f"one grade or {n} grades (one per learner)", learner_grade
            )
        grades = tuple(
            check_learner_grade(int(v) if isinstance(v, np.integer) else v, _OWNER) for v in values
        )
    return dataclasses.replace(design, placement=placement, learner_grades=grades)


# --------------------------------------------------------------------------- result
def _final_estimates(design: Design, record: RunRecord) -> tuple[FloatArray, FloatArray]:
    estimator = design.estimator
    if isinstance(estimator, EAP) and estimator.rule == "rectangular":
        return record.theta, record.se
    n = design.n_learners
    n_items = len(design.bank)
    theta = np.empty(n)
    se = np.empty(n)
    size = design.chunk_size()
    for start in range(0, n, size):
        stop = min(start + size, n)
        rows = (record.step_learner >= start) & (record.step_learner < stop)
        matrix = np.full((stop - start, n_items), np.nan)
        matrix[record.step_learner[rows] - start, record.step_item[rows]] = record.step_response[
            rows
        ]
        estimate = estimator.estimate(design.params, matrix)
        theta[start:stop], se[start:stop] = estimate.theta, estimate.se
    return theta, se


def _result(
    design: Design, record: RunRecord, engine: str, note: str, per_skill: bool
) -> SimulationResult:
    bank = design.bank
    n = design.n_learners
    abilities = design.abilities
    theta, se = _final_estimates(design, record)
    learner_ids = simulated_learner_ids(n)
    learners = pd.DataFrame(
        {
            "learner_id": learner_ids,
            "true_theta": abilities.mean(axis=1),
            "theta": theta,
            "se": se,
            "n_items": record.n_items,
            "stop_reason": record.reason.astype(str) if n else np.empty(0, dtype=str),
        }
    )
    if design.placement is not None:
        learners["placement_items"] = record.placement_items
        learners["placement_theta"] = record.placement_theta
        learners["placement_se"] = record.placement_se
    item_ids = np.asarray(bank.item_ids, dtype=object)
    primary_ids = np.asarray([item.skills[0] for item in bank.items], dtype=object)
    answer = design.answer_column[record.step_item]
    steps = pd.DataFrame(
        {
            "learner_id": _taken(learner_ids, record.step_learner),
            "step": record.step,
            "item_id": _taken(item_ids, record.step_item),
            "skill_id": _taken(primary_ids, record.step_item),
            "true_theta": abilities[record.step_learner, answer],
            "response": record.step_response,
            "theta": record.step_theta,
            "se": record.step_se,
            "stage": _taken(np.array([PRACTICE, PLACEMENT], dtype=object), record.step_placement),
        }
    )
    # learners given each item (a repeated item counts once): distinct (learner, item) keys
    keys = np.sort(record.step_learner.astype(np.int64) * len(bank) + record.step_item)
    first = np.ones(keys.shape[0], dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    counts = np.bincount(keys[first] % len(bank), minlength=len(bank)).astype(np.int64)
    items = pd.DataFrame(
        {
            "item_id": item_ids,
            "skill_id": primary_ids,
            "n_administered": counts,
            "exposure_rate": counts / n,
        }
    )
    settings = {
        "selector": repr(design.selector),
        "stopping rule": repr(design.stopper),
        "estimator": repr(design.estimator),
        "mastery": repr(design.mastery),
    }
    if design.child_choice is not None:
        settings["child choice"] = repr(design.child_choice)
    if design.placement is not None:
        settings["placement"] = repr(design.placement)
    return SimulationResult(
        learners=learners,
        steps=steps,
        skills=lambda: _skills_frame(design, record, learner_ids),
        items=items,
        per_skill=bool(per_skill),
        engine=engine,
        engine_note=note,
        settings=settings,
    )


def _taken(labels: NDArray[np.object_], index: NDArray[Any]) -> Any:
    """``labels[index]`` as the column pandas would make of it, converting each label once.

    (A frame converts every cell of an object column; taking from the converted labels
    gives the same column without converting the repeats.)
    """
    return pd.Series(labels).array.take(np.asarray(index, dtype=np.intp))


def _skills_frame(
    design: Design, record: RunRecord, learner_ids: NDArray[np.object_]
) -> pd.DataFrame:
    """The ``skills`` frame; built on first read, as it needs every final mastery code."""
    bank = design.bank
    n_skills = design.n_skills
    abilities = design.abilities
    skill_true = abilities if abilities.shape[1] == n_skills else np.repeat(abilities, n_skills, 1)
    true_mastery = skill_true >= design.mastery.skill_cuts(bank)[None, :]
    mastery = record.mastery if record.mastery is not None else mastery_codes(design, record)
    codes = mastery.astype(np.int64)
    labels = status_labels(codes)
    return pd.DataFrame(
        {
            "learner_id": np.repeat(learner_ids, n_skills),
            "skill_id": np.tile(np.asarray(bank.skill_ids, dtype=object), learner_ids.shape[0]),
            "true_theta": skill_true.reshape(-1),
            "theta": record.skill_theta.reshape(-1),
            "se": record.skill_se.reshape(-1),
            "n_responses": record.skill_counts.reshape(-1),
            "true_mastery": true_mastery.reshape(-1),
            "mastery": np.asarray(labels, dtype=object).reshape(-1),
            "classified_correctly": (codes == true_mastery.astype(np.int64)).reshape(-1),
        }
    )


def simulated_learner_ids(n_learners: int) -> NDArray[np.object_]:
    """Learner ids of a simulation: ``"0"`` to ``str(n - 1)``, zero-padded to one width.

    Strings, as session learner ids are; the padding keeps text order the learners' order.

    Parameters
    ----------
    n_learners : int
        Number of simulated learners.

    Returns
    -------
    ndarray of object (str), shape (n_learners,)
        The ids, in learner order.

    Examples
    --------
    >>> simulated_learner_ids(11)[[0, 10]].tolist()
    ['00', '10']
    """
    width = len(str(max(n_learners - 1, 0)))
    return np.array([f"{i:0{width}d}" for i in range(n_learners)], dtype=object)
