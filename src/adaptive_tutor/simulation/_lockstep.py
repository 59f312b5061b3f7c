"""The lock-step engine: all learners of a chunk advance one item at a time, as arrays.

It covers the common designs: :class:`~adaptive_tutor.selection.MaxInformation` or
:class:`~adaptive_tutor.selection.TargetProbability` scoring (either scope), the default
or static eligibility filters (``NoRepeat()``, ``NoEnemies()`` on a bank without enemies,
``GradeBand``, ``Excluded``), :class:`~adaptive_tutor.selection.BestItem` or
:class:`~adaptive_tutor.selection.Randomesque` exposure, the grid posterior of
:class:`~adaptive_tutor.learner.LearnerState`, and stopping rules built from
``MaxItems``, ``MinItems``, ``StandardErrorBelow``, ``BankExhausted`` and
``MasteryClassified(ConfidenceIntervalMastery)`` with ``AnyOf``/``AllOf``.

State per chunk: a ``(n_learners, n_grid)`` log-posterior (plus one per skill on
multi-skill banks) and an administered mask ``(n_learners, n_items)``. Each step scores
every item for every active learner at once (information interpolated on the grid at
the learner's EAP exactly as the selector does, or posterior-weighted success
probabilities; with ``scope="skill"`` the skill rows borrow strength from the other
skills with the selector's ``between_skill_sd``, through the same function as
:meth:`~adaptive_tutor.context.AbilityView.borrow_strength`), masks, takes the row-wise
best, draws responses from the shared uniforms and adds the answered items'
log-probability curves. Whenever a choice needs randomness (a near-tie, or randomesque),
that learner's row is handed to the selector's own exposure control with the generator
the tutoring session would use, so both engines make the same choices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._ability_view import borrowed_skill_posterior, reprior
from adaptive_tutor._mastery_graph import along_graph
from adaptive_tutor.context import AbilityView, DecisionContext
from adaptive_tutor.irt.mixed import _category_log_prob
from adaptive_tutor.irt.posterior import (
    moments,
    normalise_log,
    normalised_weights,
    posterior_moments,
)
from adaptive_tutor.mastery import (
    CODES,
    MASTERY_GRID,
    TOO_FEW_ANSWERS,
    ConfidenceIntervalMastery,
    MasteryEvidence,
)
from adaptive_tutor.selection import (
    BestItem,
    Excluded,
    GradeBand,
    MaxInformation,
    NoEnemies,
    NoRepeat,
    Randomesque,
    TargetProbability,
)
from adaptive_tutor.simulation._design import (
    Design,
    FloatArray,
    IndexArray,
    RunRecord,
    concatenate_records,
)
from adaptive_tutor.simulation._streams import TrueProbabilities, draw_responses
from adaptive_tutor.stopping import (
    AllOf,
    AnyOf,
    BankExhausted,
    MasteryClassified,
    MaxItems,
    MinItems,
    StandardErrorBelow,
    StoppingRule,
)

__all__ = ["LockStepPlan", "plan_lockstep", "run_lockstep"]

BoolArray = NDArray[np.bool_]
Reasons = NDArray[np.object_]
_TIE = 1e-12  # the relative tie tolerance of BestItem
_ROW_BLOCK = 128  # learners scored together: (128, n_items) arrays stay in cache


@dataclass(frozen=True)
class _StepView:
    """What the vectorised stopping rules read for the active learners at one step."""

    n_responses: int
    se: FloatArray  # (a,) overall posterior SD
    skill_posterior: FloatArray  # (a, S, G)
    skill_se: FloatArray  # (a, S)
    n_eligible: NDArray[np.int64]  # (a,)
    skill_counts: NDArray[np.int64]  # (a, S) responses per skill so far
    nodes: FloatArray
    skill_ids: tuple[str, ...]
    bank: Any


StopFunction = Callable[[_StepView], tuple[BoolArray, Reasons]]


@dataclass(frozen=True)
class LockStepPlan:
    """How the lock-step engine runs a design."""

    criterion: str  # "information" or "target"
    no_repeat: bool
    static_mask: BoolArray
    stop: StopFunction


def plan_lockstep(design: Design) -> LockStepPlan | str:
    """Return a plan, or a sentence saying why the design needs the per-learner engine."""
    selector = design.selector
    bank = design.bank
    if design.child_choice is not None:
        return "the child picks from a menu of choices, one learner at a time"
    if type(selector) is MaxInformation:
        criterion = "information"
    elif type(selector) is TargetProbability:
        criterion = "target"
    else:
        return f"selector {type(selector).__name__} is scored per learner"
    if selector.balancing is not None:
        return "content balancing depends on each learner's history"
    if type(selector.exposure) not in (BestItem, Randomesque):
        return f"exposure control {type(selector.exposure).__name__} is sequential"
    no_repeat = False
    static_mask = np.ones(len(bank), dtype=bool)
    context = DecisionContext(bank, None)
    for item_filter in selector.eligibility:
        kind = type(item_filter)
        if isinstance(item_filter, NoRepeat) and kind is NoRepeat:
            plain = (
                item_filter.window is None
                and item_filter.seconds is None
                and item_filter.review_wrong_after is None
            )
            if not plain:
                return "NoRepeat with a window or review depends on each learner's history"
            no_repeat = True
        elif kind is NoEnemies:
            if bank.enemy_matrix.any():
                return "NoEnemies on a bank with enemies depends on each learner's history"
        elif kind in (GradeBand, Excluded):
            static_mask &= item_filter.allowed(context)
        else:
            return f"eligibility filter {kind.__name__} is evaluated per learner"
    if not no_repeat:
        return "without NoRepeat an item can come back, and repeats are followed per learner"
    if design.placement is not None and bank.enemy_matrix.any():
        return "a placement never gives enemies, which depends on each learner's history"
    mastery_grid = np.array_equal(design.nodes, MASTERY_GRID.nodes) and np.array_equal(
        design.log_prior, MASTERY_GRID.log_weights
    )
    stop = _compile_stop(design.stopper, mastery_grid)
    if stop is None:
        return f"stopping rule {design.stopper!r} is evaluated per learner"
    return LockStepPlan(criterion, no_repeat, static_mask, stop)


# --------------------------------------------------------------------------- stopping
def _constant(value: bool, n: int, reason: str) -> tuple[BoolArray, Reasons]:
    stop = np.full(n, value)
    return stop, _reasons(stop, reason)


def _reasons(stop: BoolArray, reason: str) -> Reasons:
    out = np.full(stop.shape[0], None, dtype=object)
    out[stop] = reason
    return out


def _compile_stop(rule: StoppingRule, mastery_grid: bool) -> StopFunction | None:
    """A vectorised stopping rule, or None when the rule needs the per-learner engine.

    ``mastery_grid``: the design's posteriors live on the mastery judgement's own grid
    and prior, so a mastery stop can read them.
    """
    kind = type(rule)
    if kind is MaxItems:
        limit = rule.max_items  # type: ignore[attr-defined]
        return lambda v: _constant(v.n_responses >= limit, v.se.shape[0], "max_items")
    if kind is MinItems:
        least = rule.min_items  # type: ignore[attr-defined]
        return lambda v: _constant(v.n_responses >= least, v.se.shape[0], "min_items")
    if kind is BankExhausted:
        return lambda v: _with_reason(v.n_eligible <= 0, "bank_exhausted")
    if kind is StandardErrorBelow:
        return _compile_se(rule)  # type: ignore[arg-type]
    if kind is MasteryClassified:
        return _compile_mastery(rule, mastery_grid)  # type: ignore[arg-type]
    if kind in (AnyOf, AllOf):
        parts = [_compile_stop(r, mastery_grid) for r in rule.rules]  # type: ignore[attr-defined]
        if any(p is None for p in parts):
            return None
        compiled = [p for p in parts if p is not None]
        return _any_of(compiled) if kind is AnyOf else _all_of(compiled)
    return None


def _with_reason(stop: BoolArray, reason: str) -> tuple[BoolArray, Reasons]:
    return stop, _reasons(stop, reason)


def _compile_se(rule: StandardErrorBelow) -> StopFunction:
    threshold = rule.threshold
    skills = rule.skills

    def decide(view: _StepView) -> tuple[BoolArray, Reasons]:
        if skills is None:
            stop = view.se < threshold
        else:
            unknown = [s for s in skills if s not in view.skill_ids]
            if unknown:  # let the tutoring session raise its own error
                raise ValueError(
                    f"The 'skills' parameter of StandardErrorBelow names unknown skills "
                    f"{unknown}; the bank has {list(view.skill_ids)}."
                )
            rows = [view.skill_ids.index(s) for s in skills]
            stop = np.all(view.skill_se[:, rows] < threshold, axis=1)
        return _with_reason(stop, "standard_error")

    return decide


def _compile_mastery(rule: MasteryClassified, mastery_grid: bool) -> StopFunction | None:
    classifier = rule.classifier
    if type(classifier) is not ConfidenceIntervalMastery or not mastery_grid:
        return None
    skills = rule.skills

    def decide(view: _StepView) -> tuple[BoolArray, Reasons]:
        codes = _interval_codes(
            classifier, view.skill_posterior, view.nodes, view.skill_counts, view.bank
        )
        practised = view.skill_counts > 0
        if skills is None:
            relevant = practised
        else:
            relevant = np.zeros_like(practised)
            relevant[:, [view.skill_ids.index(s) for s in skills]] = True
        undecided = np.any(relevant & (codes < 0), axis=1)  # undetermined or too few
        stop = relevant.any(axis=1) & ~undecided
        return _with_reason(stop, "mastery_classified")

    return decide


def _interval_codes(
    classifier: ConfidenceIntervalMastery,
    posterior: FloatArray,
    nodes: FloatArray,
    skill_counts: NDArray[np.int64],
    bank: Any,
) -> NDArray[np.int8]:
    """The classifier's codes for (a, S, G) skill posteriors on the mastery grid.

    Only used when the design's grid and prior are :data:`~adaptive_tutor.mastery.
    MASTERY_GRID`, so the posteriors are the classifier's own (no item repeats in lock
    step). ``skill_counts`` (a, S) are the distinct items per skill so far.
    """
    s = posterior.shape[1]
    cuts = classifier.skill_cuts(bank)[:s]
    weight = (nodes[None, :] > cuts[:, None]) + 0.5 * (nodes[None, :] == cuts[:, None])
    codes = classifier.codes_from_probability(np.einsum("asg,sg->as", posterior, weight))
    codes[skill_counts[:, :s] < classifier.min_responses] = CODES[TOO_FEW_ANSWERS]
    return along_graph(bank, codes)[0]  # mastered skills show their prerequisites


def _any_of(parts: list[StopFunction]) -> StopFunction:
    def decide(view: _StepView) -> tuple[BoolArray, Reasons]:
        stop = np.zeros(view.se.shape[0], dtype=bool)
        reasons = np.full(view.se.shape[0], None, dtype=object)
        for part in parts:
            part_stop, part_reasons = part(view)
            new = part_stop & ~stop
            reasons[new] = part_reasons[new]
            stop |= part_stop
        return stop, reasons

    return decide


def _all_of(parts: list[StopFunction]) -> StopFunction:
    def decide(view: _StepView) -> tuple[BoolArray, Reasons]:
        results = [part(view) for part in parts]
        stop = np.logical_and.reduce([r[0] for r in results])
        reasons = np.full(view.se.shape[0], None, dtype=object)
        for row in np.flatnonzero(stop):
            reasons[row] = "+".join(str(r[1][row]) for r in results)
        return stop, reasons

    return decide


# --------------------------------------------------------------------------- engine
class _Tables:
    """Per-design arrays on the learner grid, in bank order."""

    def __init__(self, design: Design) -> None:
        bank = design.bank
        self.nodes = design.nodes
        self.log_prior = design.log_prior
        view = AbilityView(self.nodes, np.tile(np.exp(self.log_prior), (2, 1)), ("_",))
        tables = DecisionContext(bank, view).tables  # the selectors' own cached tables
        # the tables are grid-major (n_grid, n_items) with items skill-sorted
        self.information_t = np.ascontiguousarray(tables.information[:, tables.inverse])
        self.success_t = np.ascontiguousarray(tables.success[:, tables.inverse])
        self.log_prob = _category_log_prob(design.params, self.nodes)  # (n_items, G, K)
        self.primary = np.asarray(tables.primary_skill)
        self.skill_matrix = np.asarray(bank.skill_matrix)
        self.n_skills = len(bank.skill_ids)
        self.skill_items = [np.flatnonzero(self.primary == s) for s in range(self.n_skills)]


def _moments(log_post: FloatArray, nodes: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Posterior weights, mean and SD exactly as AbilityView computes them (last axis)."""
    posterior = normalised_weights(log_post)
    theta, se = moments(posterior, nodes)
    return posterior, theta, se


def _interpolate(table_t: FloatArray, nodes: FloatArray, theta: FloatArray) -> FloatArray:
    """Rows of ``table_t`` (G, n) linearly interpolated at each theta: (len(theta), n)."""
    position = np.clip(np.searchsorted(nodes, theta) - 1, 0, nodes.shape[0] - 2)
    low = nodes[position]
    fraction = np.clip((theta - low) / (nodes[position + 1] - low), 0.0, 1.0)
    result: FloatArray = table_t[position]
    result *= (1.0 - fraction)[:, None]
    upper = table_t[position + 1]
    upper *= fraction[:, None]
    result += upper
    return result


def run_lockstep(design: Design, plan: LockStepPlan, learners: IndexArray) -> RunRecord:
    """Run learners (global positions) in lock step, chunk by chunk."""
    tables = _Tables(design)
    records = []
    size = design.chunk_size()
    for start in range(0, learners.shape[0], size):
        records.append(_run_chunk(design, plan, tables, learners[start : start + size]))
        design.streams.release()
    return concatenate_records(records)


def _run_chunk(
    design: Design, plan: LockStepPlan, tables: _Tables, learners: IndexArray
) -> RunRecord:
    bank = design.bank
    selector: Any = design.selector
    exposure = selector.exposure
    randomesque = type(exposure) is Randomesque
    choose_context = DecisionContext(bank, None)
    nodes = tables.nodes
    n_skills = tables.n_skills
    multi = n_skills > 1
    m = learners.shape[0]
    max_score = design.max_score
    true_prob = TrueProbabilities(design.params, design.answer_column, design.abilities[learners])
    static_out = ~plan.static_mask if not plan.static_mask.all() else None

    log_post = np.tile(tables.log_prior, (m, 1))
    skill_log = np.tile(tables.log_prior, (m, n_skills, 1)) if multi else None
    administered = np.zeros((m, len(bank)), dtype=bool)
    n_eligible = np.full(m, int(plan.static_mask.sum()), dtype=np.int64)
    skill_counts = np.zeros((m, n_skills), dtype=np.int64)
    history: list[IndexArray] = []  # item per step, -1 once stopped
    step_rows: dict[str, list[np.ndarray]] = {
        k: [] for k in ("learner", "step", "item", "response", "theta", "se")
    }
    n_answered = np.zeros(m, dtype=np.int64)
    reason = np.full(m, None, dtype=object)
    active = np.arange(m)
    step_placing: list[np.ndarray] = []
    place = _PlacementRun(design, tables, learners) if design.placement is not None else None
    posterior, theta, se = _moments(log_post, nodes)
    t = 0
    while active.size:
        # rows of the chunk arrays for the active learners (a view while all are active)
        rows: Any = slice(None) if active.size == m else active
        if skill_log is not None:  # one posterior per skill
            skill_post, skill_theta, skill_se = _moments(skill_log[rows], nodes)
        else:
            skill_post, skill_theta, skill_se = posterior[:, None, :], theta[:, None], se[:, None]
        # decisions read the overall ability located with the placement's prior
        overall_post, overall_theta, overall_se = posterior, theta, se
        if place is not None:
            overall_post, overall_theta, overall_se = place.located(posterior, active)
        view = _StepView(
            t,
            overall_se,
            skill_post,
            skill_se,
            n_eligible[rows],
            skill_counts[rows],
            nodes,
            bank.skill_ids,
            bank,
        )
        stop, reasons = plan.stop(view)
        exhausted = ~stop & (view.n_eligible <= 0)
        stop |= exhausted
        reasons[exhausted] = "bank_exhausted"
        if stop.any():
            done = active[stop]
            reason[done] = reasons[stop]
            n_answered[done] = t
            keep = ~stop
            active = active[keep]
            if not active.size:
                break
            rows = active
            posterior, theta = posterior[keep], theta[keep]
            skill_post, skill_theta = skill_post[keep], skill_theta[keep]
            overall_post, overall_theta = overall_post[keep], overall_theta[keep]
            overall_se = overall_se[keep]
        recent = None
        if plan.criterion == "target" and selector.variety > 0 and t > 0:
            window = min(selector.variety_window, t)
            recent = np.stack(history[t - window : t], axis=1)[active]  # (a, window)
        blocked = administered[rows] if plan.no_repeat else None
        chosen = np.empty(active.size, dtype=np.intp)
        placing = np.zeros(active.size, dtype=bool)
        if place is not None:
            placing = place.running(active, t, overall_se, administered[rows])
            if placing.any():
                which = np.flatnonzero(placing)
                chosen[which] = place.choose(
                    which, active, t, overall_theta, administered[rows], choose_context
                )
        practising = np.flatnonzero(~placing)
        # score and choose in row blocks that stay in cache (3x faster than whole arrays)
        for start in range(0, practising.size, _ROW_BLOCK):
            part: Any = practising[start : start + _ROW_BLOCK]
            if part.size == active.size:
                part = slice(None)  # all rows: views, not copies
            scores = _scores(
                selector,
                plan,
                tables,
                overall_post[part],
                overall_theta[part],
                skill_post[part],
                skill_theta[part],
            )
            if recent is not None:
                window = recent.shape[1]
                counts = np.zeros((scores.shape[0], n_skills))
                np.add.at(
                    counts, (np.arange(scores.shape[0])[:, None], tables.primary[recent[part]]), 1.0
                )
                scores -= selector.variety * counts[:, tables.primary] / window
            if blocked is not None:
                np.copyto(scores, -np.inf, where=blocked[part])
            if static_out is not None:
                scores[:, static_out] = -np.inf
            chosen[part] = _choose(
                scores, randomesque, exposure, choose_context, design, learners[active[part]], t
            )
        uniforms = design.streams.uniforms(learners[active], t)
        response = draw_responses(true_prob.get(active, chosen), uniforms, max_score[chosen])
        curve = tables.log_prob[chosen, :, response]  # (a, G)
        updated = normalise_log(log_post[rows] + curve)
        log_post[rows] = updated
        practised = tables.skill_matrix[chosen]  # (a, S)
        if skill_log is not None:
            old = skill_log[rows]
            new = normalise_log(old + curve[:, None, :])
            skill_log[rows] = np.where(practised[:, :, None], new, old)
        skill_counts[rows] += practised
        if place is not None:
            place.record(active, chosen, placing, updated, t)
        step_placing.append(placing.copy())
        administered[active, chosen] = True
        if plan.no_repeat:
            n_eligible[rows] -= 1
        column = np.full(m, -1, dtype=np.intp)
        column[active] = chosen
        history.append(column)
        posterior, theta, se = _moments(updated, nodes)
        step_rows["learner"].append(learners[active])
        step_rows["step"].append(np.full(active.size, t + 1, dtype=np.int64))
        step_rows["item"].append(chosen)
        step_rows["response"].append(response)
        step_rows["theta"].append(theta)
        step_rows["se"].append(se)
        t += 1

    final_theta, final_se = posterior_moments(log_post, nodes)
    if skill_log is not None:
        flat = skill_log.reshape(m * n_skills, -1)
        mean, sd = posterior_moments(flat, nodes)
        skill_theta_final, skill_se_final = mean.reshape(m, n_skills), sd.reshape(m, n_skills)
    else:
        skill_theta_final, skill_se_final = final_theta[:, None], final_se[:, None]
    items_by_learner = np.stack(history, axis=1) if history else np.empty((m, 0), np.intp)
    record = RunRecord(
        learners=np.asarray(learners, dtype=np.intp),
        step_learner=_joined(step_rows["learner"], np.intp),
        step=_joined(step_rows["step"], np.int64),
        step_item=_joined(step_rows["item"], np.intp),
        step_response=_joined(step_rows["response"], np.int64),
        step_theta=_joined(step_rows["theta"], np.float64),
        step_se=_joined(step_rows["se"], np.float64),
        n_items=n_answered,
        reason=reason,
        theta=final_theta,
        se=final_se,
        skill_theta=skill_theta_final,
        skill_se=skill_se_final,
        skill_counts=skill_counts,
        mastery=np.empty((m, n_skills), dtype=np.int8),
        step_placement=_joined(step_placing, np.bool_),
        placement_items=np.zeros(m, dtype=np.int64) if place is None else place.n_placed,
        placement_theta=np.full(m, np.nan) if place is None else place.theta,
        placement_se=np.full(m, np.nan) if place is None else place.se,
    )
    record.mastery = _mastery_codes(design, record, items_by_learner)
    return record


class _PlacementRun:
    """The placement stage of a chunk's learners, as their sessions run it.

    Each learner's overall posterior is located with the placement's prior (centred on
    the learner's grade); while a learner is placing, the next item is the most
    informative at the located estimate among items not given yet and of skills below the
    placement's per-skill limit, chosen with the tie-breaking of :class:`BestItem`.
    """

    def __init__(self, design: Design, tables: _Tables, learners: IndexArray) -> None:
        placement = design.placement
        if placement is None:  # pragma: no cover - only built with a placement
            raise ValueError("no placement")
        self.design = design
        self.tables = tables
        self.settings = placement
        self.means = np.array(
            [
                design.learner_placement(int(learner)).prior_mean  # type: ignore[union-attr]
                for learner in learners
            ]
        )
        m = learners.shape[0]
        self.n_placed = np.zeros(m, dtype=np.int64)
        self.skill_counts = np.zeros((m, tables.n_skills), dtype=np.int64)
        self.theta = np.full(m, np.nan)
        self.se = np.full(m, np.nan)
        self.exposure = BestItem()
        self._learners = learners

    def located(
        self, posterior: FloatArray, active: IndexArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Located overall posterior, mean and SD of the active rows."""
        tables = self.tables
        weights = reprior(
            posterior, tables.log_prior, tables.nodes, self.means[active], self.settings.prior_sd
        )
        theta = weights @ tables.nodes
        second = weights @ tables.nodes**2
        return weights, theta, np.sqrt(np.maximum(second - theta**2, 0.0))

    def _allowed(self, rows: IndexArray, administered: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """(len(rows), n_items): items the placement may give (``administered`` per row)."""
        allowed = ~administered
        limit = self.settings.max_per_skill
        if limit is not None:
            allowed &= (self.skill_counts[rows] < limit)[:, self.tables.primary]
        return allowed

    def running(
        self, active: IndexArray, t: int, se: FloatArray, administered: NDArray[np.bool_]
    ) -> NDArray[np.bool_]:
        """Which active learners take a placement item at step ``t``."""
        settings = self.settings
        placed = self.n_placed[active]
        running: NDArray[np.bool_] = (placed == t) & (placed < settings.max_items)
        if settings.standard_error is not None:
            running &= ~((placed > 0) & (se < settings.standard_error))
        if running.any():
            which = np.flatnonzero(running)
            has_item = self._allowed(active[which], administered[which]).any(axis=1)
            running[which] = has_item
        return running

    def choose(
        self,
        which: IndexArray,
        active: IndexArray,
        t: int,
        theta: FloatArray,
        administered: NDArray[np.bool_],
        context: DecisionContext,
    ) -> IndexArray:
        """Placement items of the active rows ``which``."""
        tables = self.tables
        scores = _interpolate(tables.information_t, tables.nodes, theta[which])
        allowed = self._allowed(active[which], administered[which])
        np.copyto(scores, -np.inf, where=~allowed)
        return _choose(
            scores, False, self.exposure, context, self.design, self.learners(active[which]), t
        )

    def learners(self, rows: IndexArray) -> IndexArray:
        return self._learners[rows]

    def record(
        self,
        active: IndexArray,
        chosen: IndexArray,
        placing: NDArray[np.bool_],
        log_post: FloatArray,
        t: int,
    ) -> None:
        """Count the placement answers and keep the estimate after the latest one."""
        if not placing.any():
            return
        rows = active[placing]
        self.n_placed[rows] += 1
        np.add.at(self.skill_counts, (rows, self.tables.primary[chosen[placing]]), 1)
        posterior = np.exp(log_post[placing])
        posterior /= posterior.sum(axis=-1, keepdims=True)
        _, self.theta[rows], self.se[rows] = self.located(posterior, rows)


def _joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.empty(0, dtype=dtype)


def _scores(
    selector: Any,
    plan: LockStepPlan,
    tables: _Tables,
    posterior: FloatArray,
    theta: FloatArray,
    skill_post: FloatArray,
    skill_theta: FloatArray,
) -> FloatArray:
    """Criterion scores of every item for every active learner: (a, n_items)."""
    nodes = tables.nodes
    per_skill = selector.scope == "skill" and tables.n_skills > 1
    if per_skill and selector.between_skill_sd is not None:
        # skill rows borrow strength from the other skills, as AbilityView.borrow_strength
        skill_post = borrowed_skill_posterior(
            skill_post, posterior, tables.log_prior, nodes, selector.between_skill_sd
        )
        skill_theta = skill_post @ nodes
    if plan.criterion == "information":
        if not per_skill:
            return _interpolate(tables.information_t, nodes, theta)
        scores = np.empty((theta.shape[0], tables.information_t.shape[1]))
        for skill, items in enumerate(tables.skill_items):
            if items.size:
                values = _interpolate(tables.information_t[:, items], nodes, skill_theta[:, skill])
                scores[:, items] = values
        return scores
    if not per_skill:
        success = posterior @ tables.success_t
    else:
        success = np.empty((theta.shape[0], tables.success_t.shape[1]))
        for skill, items in enumerate(tables.skill_items):
            if items.size:
                success[:, items] = skill_post[:, skill, :] @ tables.success_t[:, items]
    result: FloatArray = -np.abs(success - selector.target)
    return result


def _choose(
    masked: FloatArray,
    randomesque: bool,
    exposure: Any,
    context: DecisionContext,
    design: Design,
    learners: IndexArray,
    step: int,
) -> IndexArray:
    """Row-wise choice over masked scores (-inf = not eligible).

    Rows that need randomness (a near-tie, or randomesque) go to the selector's own
    exposure control with the generator the tutoring session would use at this step.
    """
    n_rows = masked.shape[0]
    if randomesque:
        needs_rng = np.ones(n_rows, dtype=bool)
        chosen = np.empty(n_rows, dtype=np.intp)
    else:
        chosen = np.argmax(masked, axis=1)
        top = masked[np.arange(n_rows), chosen]
        near = masked >= (top - _TIE * (1.0 + np.abs(top)))[:, None]
        needs_rng = np.count_nonzero(near, axis=1) > 1
    for row in np.flatnonzero(needs_rng):
        candidates = np.flatnonzero(masked[row] > -np.inf)
        rng = np.random.default_rng([int(design.session_seeds[learners[row]]), step])
        chosen[row] = exposure.choose(context, candidates, masked[row, candidates], rng)
    return chosen


def _mastery_codes(
    design: Design, record: RunRecord, items_by_learner: IndexArray
) -> NDArray[np.int8]:
    """Final mastery codes per learner and skill: the design's classifier on the answers."""
    responses = _responses_by_learner(record, items_by_learner.shape[1])
    rows, steps = np.nonzero(items_by_learner >= 0)
    evidence = MasteryEvidence(
        rows.astype(np.intp),
        items_by_learner[rows, steps].astype(np.intp),
        responses[rows, steps].astype(np.intp),
        int(items_by_learner.shape[0]),
    )
    return design.mastery.evidence_codes(design.bank, evidence)


def _responses_by_learner(record: RunRecord, n_steps: int) -> FloatArray:
    position = {int(g): r for r, g in enumerate(record.learners)}
    out = np.full((record.learners.shape[0], n_steps), np.nan)
    rows = np.array([position[int(g)] for g in record.step_learner], dtype=np.intp)
    out[rows, record.step - 1] = record.step_response
    return out
