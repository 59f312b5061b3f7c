"""The outcome of a simulation: tidy frames, design metrics and charts.

Examples
--------
>>> from adaptive_tutor.simulation import simulate
>>> from adaptive_tutor.simulation.result import SimulationResult
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> result = simulate(ItemBank.from_dict(tiny_bank_document()), 4, seed=0)
>>> isinstance(result, SimulationResult), sorted(result.frames)
(True, ['conditional', 'items', 'learners', 'skills', 'steps'])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from adaptive_tutor.mastery import MASTERED, NOT_MASTERED
from adaptive_tutor.reports.rendering import Report, Section
from adaptive_tutor.reports.svg import bar_chart, line_chart

__all__ = ["SimulationResult", "exposure_metrics"]

_EXPOSURE_BINS = (
    ("never", -np.inf, 0.0),
    ("up to 5%", 0.0, 0.05),
    ("5-10%", 0.05, 0.10),
    ("10-20%", 0.10, 0.20),
    ("20-30%", 0.20, 0.30),
    ("30-50%", 0.30, 0.50),
    ("over 50%", 0.50, np.inf),
)


def exposure_metrics(counts: Any, lengths: Any) -> dict[str, float]:
    """Item exposure and test overlap of a population of tests.

    Parameters
    ----------
    counts : array-like of int, shape (n_items,)
        How many learners were given each item of the pool.
    lengths : array-like of int, shape (n_learners,)
        Test length of each learner.

    Returns
    -------
    dict
        ``max_exposure`` (largest share of learners given one item),
        ``share_never_used`` (share of the pool never given), ``exposure_chi_square``
        (Chang and Ying's index, ``sum_j (r_j - L/N)^2 / (L/N)`` with mean length ``L``
        and pool size ``N``; 0 when every item is used equally) and ``overlap_rate``
        (the expected share of a test's items that another random learner also got:
        ``sum_j c_j (c_j - 1) / ((n - 1) sum_i L_i)``, exact for variable lengths).

    Examples
    --------
    >>> metrics = exposure_metrics([2, 2, 0, 0], [2, 2])
    >>> metrics["max_exposure"], metrics["share_never_used"], metrics["overlap_rate"]
    (1.0, 0.5, 1.0)
    >>> metrics["exposure_chi_square"]
    2.0
    """
    c = np.asarray(counts, dtype=np.float64)
    length = np.asarray(lengths, dtype=np.float64)
    n_learners = length.shape[0]
    rates = c / max(n_learners, 1)
    expected = float(length.mean()) / c.shape[0] if n_learners and c.shape[0] else 0.0
    chi_square = float(np.sum((rates - expected) ** 2) / expected) if expected > 0 else np.nan
    total = float(length.sum())
    overlap = (
        float(np.sum(c * (c - 1.0)) / ((n_learners - 1) * total))
        if n_learners > 1 and total > 0
        else np.nan
    )
    return {
        "max_exposure": float(rates.max()) if rates.size else np.nan,
        "share_never_used": float(np.mean(c == 0)) if c.size else np.nan,
        "exposure_chi_square": chi_square,
        "overlap_rate": overlap,
    }


@dataclass(frozen=True, eq=False, init=False)
class SimulationResult:
    """Tidy frames of a simulation with design metrics and inline SVG charts.

    Parameters
    ----------
    learners : pandas.DataFrame
        One row per learner: ``learner_id, true_theta, theta, se, n_items, stop_reason``
        (learner ids are strings, as in sessions: ``"0"`` to ``str(n - 1)``, zero-padded)
        (``theta``/``se`` from the design's estimator; on per-skill designs
        ``true_theta`` is the learner's mean skill ability).
    steps : pandas.DataFrame
        One row per response: ``learner_id, step, item_id, skill_id, true_theta,
        response, theta, se`` (overall EAP and posterior SD after the response).
    skills : pandas.DataFrame or callable
        One row per learner and skill: ``learner_id, skill_id, true_theta, theta, se,
        n_responses, true_mastery, mastery, classified_correctly``; or a zero-argument
        function returning that frame, called when ``skills`` (or a metric that needs
        it) is first read (the final mastery codes cost as much as a short simulation).
    items : pandas.DataFrame
        One row per bank item: ``item_id, skill_id, n_administered, exposure_rate``.
    per_skill : bool
        Whether learners had one true ability per skill (metrics then use ``skills``).
    engine : str
        ``"lockstep"`` or ``"per_learner"``.
    engine_note : str
        Why the per-learner engine ran (empty for lock step).
    settings : dict
        Selector, stopping rule, estimator and mastery classifier, as text.

    Examples
    --------
    >>> from adaptive_tutor.simulation import simulate
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> result = simulate(ItemBank.from_dict(tiny_bank_document()), 5, seed=1)
    >>> result.learners.columns.tolist()
    ['learner_id', 'true_theta', 'theta', 'se', 'n_items', 'stop_reason']
    """

    learners: pd.DataFrame
    steps: pd.DataFrame
    items: pd.DataFrame
    per_skill: bool
    engine: str
    engine_note: str = ""
    settings: dict[str, str] = field(default_factory=dict)

    def __init__(
        self,
        learners: pd.DataFrame,
        steps: pd.DataFrame,
        skills: pd.DataFrame | Callable[[], pd.DataFrame],
        items: pd.DataFrame,
        per_skill: bool,
        engine: str,
        engine_note: str = "",
        settings: dict[str, str] | None = None,
    ) -> None:
        values = {
            "learners": learners,
            "steps": steps,
            "items": items,
            "per_skill": per_skill,
            "engine": engine,
            "engine_note": engine_note,
            "settings": {} if settings is None else settings,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)
        if isinstance(skills, pd.DataFrame):
            self.__dict__["skills"] = skills  # what the cached property would keep
        else:
            self.__dict__["_skills_source"] = skills

    # ----------------------------------------------------------------- frames
    @cached_property
    def skills(self) -> pd.DataFrame:
        """One row per learner and skill (built on first read when given as a function).

        Columns ``learner_id, skill_id, true_theta, theta, se, n_responses, true_mastery,
        mastery, classified_correctly``.

        Examples
        --------
        >>> from adaptive_tutor.simulation import simulate
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> simulate(ItemBank.from_dict(tiny_bank_document()), 2, seed=1).skills.shape
        (4, 9)
        """
        frame: pd.DataFrame = self.__dict__.pop("_skills_source")()
        return frame

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        """Every tidy frame by name (copies).

        Examples
        --------
        >>> from adaptive_tutor.simulation import simulate
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> len(simulate(ItemBank.from_dict(tiny_bank_document()), 3, seed=1).frames)
        5
        """
        return {
            "learners": self.learners.copy(),
            "steps": self.steps.copy(),
            "skills": self.skills.copy(),
            "items": self.items.copy(),
            "conditional": self.conditional.copy(),
        }

    def _accuracy_frame(self) -> pd.DataFrame:
        """Rows the accuracy metrics use: learners, or practised learner-skill pairs."""
        if self.per_skill:
            frame = self.skills[self.skills["n_responses"] > 0]
            return frame[["true_theta", "theta", "se"]]
        return self.learners[["true_theta", "theta", "se"]]

    @cached_property
    def conditional(self) -> pd.DataFrame:
        """Bias and RMSE by decile of true ability.

        Columns ``decile`` (1 = lowest abilities), ``n``, ``true_theta`` (mean),
        ``bias``, ``rmse``, ``mean_se``.

        Examples
        --------
        >>> from adaptive_tutor.simulation import simulate
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> frame = simulate(ItemBank.from_dict(tiny_bank_document()), 20, seed=2).conditional
        >>> frame["decile"].tolist()
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        """
        frame = self._accuracy_frame()
        columns = ["decile", "n", "true_theta", "bias", "rmse", "mean_se"]
        if frame.empty:
            return pd.DataFrame(columns=columns)
        n_bins = min(10, len(frame))
        ranks = frame["true_theta"].rank(method="first").to_numpy()
        decile = np.ceil(ranks * n_bins / len(frame)).astype(np.int64)
        error = (frame["theta"] - frame["true_theta"]).to_numpy()
        grouped = pd.DataFrame(
            {
                "decile": decile,
                "true_theta": frame["true_theta"].to_numpy(),
                "error": error,
                "squared": error**2,
                "se": frame["se"].to_numpy(),
            }
        ).groupby("decile", sort=True)
        out = pd.DataFrame(
            {
                "n": grouped.size(),
                "true_theta": grouped["true_theta"].mean(),
                "bias": grouped["error"].mean(),
                "rmse": np.sqrt(grouped["squared"].mean()),
                "mean_se": grouped["se"].mean(),
            }
        ).reset_index()
        out["n"] = out["n"].astype(np.int64)
        return out[columns]

    # ----------------------------------------------------------------- metrics
    @cached_property
    def metrics(self) -> dict[str, float]:
        """Design metrics as a dict of floats.

        ``n_learners``, ``bias``, ``rmse``, ``mean_se``, ``mean_length``, ``sd_length``,
        ``max_exposure``, ``share_never_used``, ``exposure_chi_square``, ``overlap_rate``,
        ``classification_accuracy`` (learner-skill pairs labelled like their true
        mastery; undetermined and too few answers count as wrong),
        ``classification_accuracy_decided`` (among mastered / not mastered labels) and
        ``share_undetermined`` (undetermined or too few answers).

        Examples
        --------
        >>> from adaptive_tutor.simulation import simulate
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> metrics = simulate(ItemBank.from_dict(tiny_bank_document()), 8, seed=3).metrics
        >>> metrics["mean_length"]  # add-1 and story-1 are enemies: two items each
        2.0
        """
        frame = self._accuracy_frame()
        error = (frame["theta"] - frame["true_theta"]).to_numpy()
        lengths = self.learners["n_items"].to_numpy()
        skills = self.skills
        decided = skills["mastery"].isin([MASTERED, NOT_MASTERED])
        metrics: dict[str, float] = {
            "n_learners": float(len(self.learners)),
            "bias": float(error.mean()) if error.size else np.nan,
            "rmse": float(np.sqrt(np.mean(error**2))) if error.size else np.nan,
            "mean_se": float(frame["se"].mean()) if error.size else np.nan,
            "mean_length": float(lengths.mean()) if lengths.size else np.nan,
            "sd_length": float(lengths.std(ddof=1)) if lengths.size > 1 else np.nan,
        }
        metrics.update(exposure_metrics(self.items["n_administered"].to_numpy(), lengths))
        correct = skills["classified_correctly"].to_numpy(dtype=bool)
        metrics["classification_accuracy"] = float(correct.mean()) if correct.size else np.nan
        metrics["classification_accuracy_decided"] = (
            float(correct[decided.to_numpy()].mean()) if decided.any() else np.nan
        )
        metrics["share_undetermined"] = float(1.0 - decided.mean()) if len(skills) else np.nan
        return metrics

    def summary(self) -> pd.DataFrame:
        """The metrics as a two-column frame ``metric, value``.

        Returns
        -------
        DataFrame
            One row per metric.

        Examples
        --------
        >>> from adaptive_tutor.simulation import simulate
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> simulate(ItemBank.from_dict(tiny_bank_document()), 3, seed=0).summary().shape
        (13, 2)
        """
        return pd.DataFrame(
            {"metric": list(self.metrics), "value": [float(v) for v in self.metrics.values()]}
        )

    def by_step(self) -> pd.DataFrame:
        """Accuracy after each step: ``step, n, mean_se, rmse, bias``.

        ``n`` counts learners who answered at least that many items.

        Returns
        -------
        DataFrame
            One row per step.

        Examples
        --------
        >>> from adaptive_tutor.simulation import simulate
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> simulate(ItemBank.from_dict(tiny_bank_document()), 4, seed=0).by_step()["n"].tolist()
        [4, 4]
        """
        steps = self.steps
        error = steps["theta"] - steps["true_theta"]
        grouped = pd.DataFrame(
            {"step": steps["step"], "se": steps["se"], "error": error, "squared": error**2}
        ).groupby("step", sort=True)
        out = pd.DataFrame(
            {
                "n": grouped.size().astype(np.int64),
                "mean_se": grouped["se"].mean(),
                "rmse": np.sqrt(grouped["squared"].mean()),
                "bias": grouped["error"].mean(),
            }
        ).reset_index()
        return out[["step", "n", "mean_se", "rmse", "bias"]]

    # ----------------------------------------------------------------- charts
    def plot_rmse_by_ability(self) -> Markup:
        """Inline SVG: RMSE and bias by true-ability decile.

        Returns
        -------
        Markup
            The SVG, safe to put in HTML.

        Examples
        --------
        >>> from adaptive_tutor.simulation import simulate
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> simulate(ItemBank.from_dict(tiny_bank_document()), 12, seed=0
        ...          ).plot_rmse_by_ability().startswith("<svg")
        True
        """
        frame = self.conditional
        x = frame["true_theta"].to_numpy()
        return line_chart(
            {"RMSE": (x, frame["rmse"].to_numpy()), "bias": (x, frame["bias"].to_numpy())},
            title="Accuracy by true ability (deciles)",
            x_label="true ability (decile mean)",
            y_label="ability units",
            reference_line=0.0,
        )

    def plot_exposure(self) -> Markup:
        """Inline SVG: how many items fall in each exposure-rate band.

        Returns
        -------
        Markup
            The SVG, safe to put in HTML.

        Examples
        --------
        >>> from adaptive_tutor.simulation import simulate
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> "never" in simulate(ItemBank.from_dict(tiny_bank_document()), 3, seed=0
        ...                     ).plot_exposure()
        True
        """
        rates = self.items["exposure_rate"].to_numpy()
        labels = [label for label, _, _ in _EXPOSURE_BINS]
        counts = [float(np.sum((rates > low) & (rates <= high))) for _, low, high in _EXPOSURE_BINS]
        return bar_chart(
            labels, counts, title="Item exposure rates (items per band)", value_label="items"
        )

    def plot_se_by_step(self) -> Markup:
        """Inline SVG: mean posterior SD and RMSE after each step.

        Returns
        -------
        Markup
            The SVG, safe to put in HTML.

        Examples
        --------
        >>> from adaptive_tutor.simulation import simulate
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> simulate(ItemBank.from_dict(tiny_bank_document()), 3, seed=0
        ...          ).plot_se_by_step().count("<polyline")
        2
        """
        frame = self.by_step()
        x = frame["step"].to_numpy(dtype=np.float64)
        return line_chart(
            {"mean SE": (x, frame["mean_se"].to_numpy()), "RMSE": (x, frame["rmse"].to_numpy())},
            title="Standard error and RMSE by step",
            x_label="items answered",
            y_label="ability units",
        )

    # ----------------------------------------------------------------- rendering
    def report(self) -> Report:
        """A :class:`~adaptive_tutor.reports.rendering.Report` (text, Markdown, JSON, HTML).

        Returns
        -------
        Report
            The metrics, the frames' summaries and the charts, ready to render.

        Examples
        --------
        >>> from adaptive_tutor.simulation import simulate
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> report = simulate(ItemBank.from_dict(tiny_bank_document()), 3, seed=0).report()
        >>> [s.key for s in report.sections]
        ['metrics', 'conditional', 'by_step', 'items']
        """
        summary: dict[str, object] = {"learners": len(self.learners), "engine": self.engine}
        summary.update(self.settings)
        sections = [
            Section(
                "metrics",
                "Design metrics",
                self.summary(),
                note="Bias and RMSE of the final estimates against the true abilities; "
                "exposure, overlap and mastery classification over all learners.",
            ),
            Section(
                "conditional",
                "Accuracy by true ability",
                self.conditional,
                charts=(self.plot_rmse_by_ability(),),
            ),
            Section(
                "by_step",
                "Accuracy by step",
                self.by_step(),
                charts=(self.plot_se_by_step(),),
            ),
            Section(
                "items",
                "Item exposure",
                self.items.sort_values("exposure_rate", ascending=False, kind="stable"),
                charts=(self.plot_exposure(),),
                max_rows=30,
            ),
        ]
        return Report("Simulation of an adaptive design", sections, summary=summary)

    def to_html(self, path: str | Path | None = None, *, generated_at: str | None = None) -> str:
        """A self-contained HTML page of :meth:`report` (as every report's ``to_html``).

        Parameters
        ----------
        path : str or Path, optional
            Also write the page there (UTF-8).
        generated_at : str, optional
            A stamp to print in the footer; none by default so output is reproducible.

        Returns
        -------
        str
            The HTML page.

        Examples
        --------
        >>> from adaptive_tutor.simulation import simulate
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> "<svg" in simulate(ItemBank.from_dict(tiny_bank_document()), 3, seed=0).to_html()
        True
        """
        return self.report().to_html(path, generated_at=generated_at)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        m = self.metrics
        return (
            f"SimulationResult(n_learners={len(self.learners)}, engine={self.engine!r}, "
            f"rmse={m['rmse']:.3f}, bias={m['bias']:.3f}, mean_length={m['mean_length']:.1f})"
        )
