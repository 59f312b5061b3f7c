"""ItemReport: classical and IRT item analysis, fit and DIF for bank maintainers."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from adaptive_tutor._validation import check_int, parameter_error
from adaptive_tutor.estimation import AbilityEstimator
from adaptive_tutor.irt import expected_score, item_information, normal_grid, test_information
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.reports import svg
from adaptive_tutor.reports._data import learner_groups, response_matrix
from adaptive_tutor.reports._i18n import Localizer, check_audience, check_locale, check_timezone
from adaptive_tutor.reports._scoring import check_estimator, checked_log, estimate_overall
from adaptive_tutor.reports.classical import (
    classical_item_statistics,
    cronbach_alpha,
    distractor_analysis,
)
from adaptive_tutor.reports.dif import mantel_haenszel_dif
from adaptive_tutor.reports.fit import infit_outfit, sx2_item_fit
from adaptive_tutor.reports.page import Page
from adaptive_tutor.reports.rendering import Report, Section

__all__ = ["ItemReport"]

OWNER = "ItemReport"
AUDIENCES = ("analyst", "teacher")
MIN_ANSWERS_TO_FLAG = 30  # fewer answers make flags (discrimination, fit) mostly noise
THETA_GRID = np.round(np.arange(-4.0, 4.0001, 0.25), 2)


class ItemReport(Report):
    """Item analysis of the bank items that appear in a response log.

    Sections: ``classical`` (mean score, p-value, point-biserial, corrected item-total,
    alpha-if-deleted), ``distractors`` (multiple-choice options, needs ``chosen_option``),
    ``parameters`` (IRT parameters with standard errors, and a Wright map),
    ``information`` (test information and standard error over ability; item curves),
    ``fit`` (infit/outfit from EAP abilities, S-X2 on learners who answered every analysed
    item) and ``dif`` (Mantel-Haenszel with ETS A/B/C across ``groups``).

    Parameters
    ----------
    log : pandas.DataFrame
        Long format ``learner_id, item_id, response`` (optional ``chosen_option``); the
        first attempt at an item counts.
    bank : ItemBank
        The bank with the parameters to check.
    audience : {"analyst", "teacher"}, default "analyst"
        ``"analyst"``: every statistic; ``"teacher"`` (an author or publisher): the
        questions worth a look, with their text and the reasons in plain words, and the
        statistics folded under "technical details".
    locale : {"en", "ko"}, optional
        Language of the page; default the bank's ``language``.
    timezone : str or tzinfo, optional
        Time zone of dates shown; default as recorded.
    groups : pandas.Series or str, optional
        Group of each learner for DIF: a Series by learner id or a log column name.
    focal, reference : object, optional
        DIF groups; with two group levels, by default the sorted levels' second and
        first. With more than two levels both must be given.
    estimator : AbilityEstimator, optional
        Ability estimator for fit, distractors and DIF matching; default ``EAP()``.
    min_learners : int, default 100
        Fewest complete response vectors for S-X2 (and learners per group for DIF).
    curves_for : sequence of str, optional
        Items whose characteristic and information curves are drawn; default the six
        items with the lowest corrected item-total correlation.
    title : str, optional
        Report title.

    Examples
    --------
    >>> import pandas as pd
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> log = pd.DataFrame({"learner_id": list("aabbcc"), "item_id": ["count-1", "add-1"] * 3,
    ...                     "response": [1, 1, 1, 0, 0, 0]})
    >>> ItemReport(log, bank).to_frame()["p_value"].round(3).tolist()
    [0.667, 0.333]
    """

    def __init__(
        self,
        log: pd.DataFrame,
        bank: ItemBank,
        *,
        audience: str = "analyst",
        locale: str | None = None,
        timezone: Any = None,
        groups: pd.Series | str | None = None,
        focal: Any = None,
        reference: Any = None,
        estimator: AbilityEstimator | None = None,
        min_learners: int = 100,
        curves_for: list[str] | tuple[str, ...] | None = None,
        title: str | None = None,
    ) -> None:
        frame = checked_log(log, bank, OWNER)
        audience = check_audience(audience, AUDIENCES, OWNER)
        locale = check_locale(locale, bank.metadata.language, OWNER)
        zone = check_timezone(timezone, OWNER)
        self._loc = loc = Localizer(locale, zone)
        self.dif_groups: tuple[str, str] | None = None
        estimator = check_estimator(estimator, OWNER)
        self._min = check_int(min_learners, "min_learners", OWNER, minimum=2)
        present = set(frame["item_id"])
        self.item_ids = [i for i in bank.item_ids if i in present]
        self.bank = bank.subset(self.item_ids) if self.item_ids else bank
        self.learners = [str(x) for x in pd.unique(frame["learner_id"])]
        self._frame = frame
        if curves_for is not None:
            bank.indices_of(curves_for)  # names unknown ids
        if not self.item_ids:
            theta = se = np.empty(0)
            matrix = np.empty((0, 0))
        else:
            matrix, _ = response_matrix(frame, self.item_ids, self.learners, keep="first")
            theta, se, _ = estimate_overall(self.bank, matrix, estimator)
        self._matrix, self._theta = matrix, theta

        classical = self._classical_section()
        sections = [
            classical,
            self._distractor_section(),
            self._parameter_section(),
            self._information_section(classical, curves_for),
            self._fit_section(),
            self._dif_section(groups, focal, reference),
        ]
        complete = int((~np.isnan(matrix)).all(axis=1).sum()) if matrix.size else 0
        alpha = cronbach_alpha(matrix) if matrix.size and matrix.shape[1] >= 2 else np.nan
        empirical = (
            float(np.var(theta) / (np.var(theta) + np.mean(se**2))) if len(theta) > 1 else np.nan
        )
        summary: dict[str, object] = {
            "bank": bank.metadata.title_in(locale),
            "items_analysed": len(self.item_ids),
            "n_learners": len(self.learners),
            "complete_vectors": complete,
            "cronbach_alpha": alpha,
            "marginal_reliability": self._marginal_reliability(),
            "empirical_reliability": empirical,
        }
        super().__init__(
            title=title
            or loc.gettext("Item report: %(bank)s", bank=bank.metadata.title_in(locale)),
            sections=sections,
            summary=summary,
            main="classical",
            audience=audience,
            locale=locale,
            timezone=zone,
        )

    def page(self, *, generated_at: str | None = None) -> Page:
        """The page for this report's audience (see ``audience``).

        Parameters
        ----------
        generated_at : str, optional
            A stamp printed in the footer.

        Returns
        -------
        Page
            The analyst's or the teacher's page.

        Examples
        --------
        >>> import pandas as pd
        >>> from adaptive_tutor.item_bank import ItemBank
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> log = pd.DataFrame({"learner_id": ["ann", "bob"], "item_id": ["count-1", "add-1"],
        ...                     "response": [1, 0]})
        >>> page = ItemReport(log, bank, locale="ko").page()
        >>> page.lang, page.audience
        ('ko', 'analyst')
        """
        if self.audience == "teacher":
            from adaptive_tutor.reports._item_page import teacher_page

            return teacher_page(self, MIN_ANSWERS_TO_FLAG, generated_at)
        return super().page(generated_at=generated_at)

    # ------------------------------------------------------------------ helpers
    def _empty(self, key: str, title: str, message: str) -> Section:
        return Section(key, title, pd.DataFrame(), empty_message=message)

    def _marginal_reliability(self) -> float:
        if not self.item_ids:
            return float("nan")
        grid = normal_grid(61, 6.0)
        info = test_information(self.bank.params, grid.nodes)
        error_variance = float(np.sum(grid.weights / np.maximum(info, 1e-12)))
        return 1.0 / (1.0 + error_variance)

    # ------------------------------------------------------------------ sections
    def _classical_section(self) -> Section:
        loc = self._loc
        title = loc.gettext("Classical item statistics")
        if not self.item_ids:
            return self._empty("classical", title, loc.gettext("the log has no answers."))
        maxima = [item.max_score for item in self.bank.items]
        table = classical_item_statistics(self._matrix, item_ids=self.item_ids, max_scores=maxima)
        table.insert(1, "prompt", [item.prompt for item in self.bank.items])
        flags = np.where(
            table["corrected_item_total"] < 0.2,
            "low_discrimination",
            np.where(
                table["p_value"] > 0.95,
                "very_easy",
                np.where(table["p_value"] < 0.05, "very_hard", ""),
            ),
        )
        table["review"] = np.where(table["n"] >= MIN_ANSWERS_TO_FLAG, flags, "")
        return Section(
            "classical",
            title,
            table,
            note=loc.gettext(
                "p-value: mean score / maximum score. Corrected item-total: correlation with the "
                "score on the other items (below 0.2 is flagged). Alpha if deleted uses the "
                "learners who answered every item; on adaptive data it is often undefined."
            )
            + " "
            + loc.gettext(
                "Items with fewer than %(count)s answers are not flagged.",
                count=MIN_ANSWERS_TO_FLAG,
            ),
        )

    def _distractor_section(self) -> Section:
        loc = self._loc
        title = loc.gettext("Distractor analysis (multiple choice)")
        if "chosen_option" not in self._frame.columns:
            return self._empty(
                "distractors", title, loc.gettext("the log has no chosen_option column.")
            )
        key = {
            item.id: item.answer.choice
            for item in self.bank.items
            if item.type == "multiple_choice" and item.answer is not None and item.answer.choice
        }
        data = self._frame.loc[self._frame["item_id"].isin(list(key))]
        if not key or data["chosen_option"].notna().sum() == 0:
            return self._empty(
                "distractors",
                title,
                loc.gettext("no chosen options for multiple-choice items."),
            )
        ability = pd.Series(self._theta, index=self.learners)
        table = distractor_analysis(data, key, ability=ability)
        return Section(
            "distractors",
            title,
            table,
            note=loc.gettext(
                "Share choosing each option, overall and in the lowest, middle and highest "
                "27% by ability. A good distractor draws more low than high learners "
                "(negative discrimination); a key should discriminate positively."
            ),
        )

    def _parameter_section(self) -> Section:
        loc = self._loc
        title = loc.gettext("IRT parameters")
        if not self.item_ids:
            return self._empty("parameters", title, loc.gettext("the log has no answers."))
        rows = []
        for item in self.bank.items:
            spec = item.irt
            se = dict(spec.se or {})
            levels = spec.thresholds if spec.thresholds is not None else spec.steps
            rows.append(
                {
                    "item_id": item.id,
                    "model": spec.model,
                    "a": np.nan if spec.a is None else spec.a,
                    "b": np.nan if spec.b is None else spec.b,
                    "c": np.nan if spec.c is None else spec.c,
                    "d": np.nan if spec.d is None else spec.d,
                    "thresholds": "" if levels is None else ", ".join(f"{v:.3f}" for v in levels),
                    "se_a": se.get("a", np.nan),
                    "se_b": se.get("b", np.nan),
                    "se_c": se.get("c", np.nan),
                    "calibration": spec.calibration or "",
                }
            )
        table = pd.DataFrame(rows)
        chart = svg.wright_map(
            self._theta,
            np.asarray(self.bank.params.b),
            self.item_ids,
            title=loc.gettext("Person-item (Wright) map"),
            axis_label=loc.gettext("logits"),
            side_labels=(loc.gettext("learners"), loc.gettext("items")),
            description=loc.gettext(
                "Learners' abilities (left) and item locations (right) on one logit scale."
            ),
        )
        return Section(
            "parameters",
            title,
            table,
            note=loc.gettext(
                "Parameters from the bank (standard errors when it records them). The Wright "
                "map puts learners' EAP abilities and item locations on one scale."
            ),
            charts=(chart,),
        )

    def _information_section(
        self, classical: Section, curves_for: list[str] | tuple[str, ...] | None
    ) -> Section:
        loc = self._loc
        title = loc.gettext("Test and item information")
        if not self.item_ids:
            return self._empty("information", title, loc.gettext("the log has no answers."))
        params = self.bank.params
        info = test_information(params, THETA_GRID)
        table = pd.DataFrame(
            {"theta": THETA_GRID, "test_information": info, "se": 1.0 / np.sqrt(info)}
        )
        if curves_for is None:
            order = classical.frame.sort_values("corrected_item_total", kind="stable")
            chosen = order["item_id"].head(6).tolist()
        else:
            chosen = [i for i in curves_for if i in self.item_ids][:8]
        ability = loc.gettext("ability (logits)")
        information = loc.gettext("information")
        charts = [
            svg.line_chart(
                {loc.gettext("test information"): (THETA_GRID, info)},
                title=loc.gettext("Test information (items in this report)"),
                x_label=ability,
                y_label=information,
                show_legend=False,
            )
        ]
        if chosen:
            index = [self.item_ids.index(i) for i in chosen]
            subset = params.take(index)
            maxima = np.array([self.bank[i].max_score for i in chosen], dtype=np.float64)
            curves = expected_score(subset, THETA_GRID) / maxima[:, None]
            item_info = item_information(subset, THETA_GRID)
            charts.append(
                svg.line_chart(
                    {i: (THETA_GRID, curves[k]) for k, i in enumerate(chosen)},
                    title=loc.gettext("Item characteristic curves (expected score / maximum)"),
                    x_label=ability,
                    y_label=loc.gettext("expected share of credit"),
                    y_range=(0.0, 1.0),
                )
            )
            charts.append(
                svg.line_chart(
                    {i: (THETA_GRID, item_info[k]) for k, i in enumerate(chosen)},
                    title=loc.gettext("Item information curves"),
                    x_label=ability,
                    y_label=information,
                )
            )
        return Section(
            "information",
            title,
            table,
            note=loc.gettext(
                "Test information of the analysed items and the standard error it implies "
                "(1 / sqrt(information)). Curves are drawn for the items asked for, or else for "
                "those with the weakest corrected item-total correlation."
            ),
            charts=tuple(charts),
        )

    def _fit_section(self) -> Section:
        loc = self._loc
        title = loc.gettext("Item fit")
        if not self.item_ids:
            return self._empty("fit", title, loc.gettext("the log has no answers."))
        params = self.bank.params
        table = infit_outfit(params, self._matrix, self._theta, item_ids=self.item_ids)
        complete = int((~np.isnan(self._matrix)).all(axis=1).sum())
        note = loc.gettext(
            "infit/outfit: mean squares from EAP abilities (expected 1; below 0.7 too "
            "predictable, above 1.3 noisy; the t values are approximately standard normal)."
        )
        if complete >= self._min and len(self.item_ids) >= 3:
            sx2 = sx2_item_fit(params, self._matrix, item_ids=self.item_ids)
            table = table.merge(sx2, on="item_id", how="left")
            note += " " + loc.gettext(
                "S-X2 (Orlando-Thissen) on the %(count)s learners who answered every item; "
                "degrees of freedom assume the parameters were estimated from these data.",
                count=loc.integer(complete),
            )
        else:
            for column in ("n_learners", "sx2", "df", "p_value"):
                table[column] = np.nan
            note += " " + loc.gettext(
                "S-X2 needs at least %(minimum)s learners who answered all %(items)s items "
                "(and 3 items); this log has %(count)s, so it is not computed.",
                minimum=loc.integer(self._min),
                items=loc.integer(len(self.item_ids)),
                count=loc.integer(complete),
            )
        misfit = (table["p_value"] < 0.01) | (table["infit"] > 1.3) | (table["infit"] < 0.7)
        enough = table["n"].to_numpy() >= MIN_ANSWERS_TO_FLAG
        table["review"] = np.where(misfit.fillna(False).to_numpy() & enough, "check_fit", "")
        return Section("fit", title, table, note=note)

    def _dif_section(self, groups: pd.Series | str | None, focal: Any, reference: Any) -> Section:
        loc = self._loc
        title = loc.gettext("Differential item functioning (Mantel-Haenszel)")
        if groups is None:
            return self._empty(
                "dif", title, loc.gettext("no grouping variable was given (pass groups=...).")
            )
        labels = learner_groups(self._frame, groups, self.learners, OWNER)
        levels = sorted({str(v) for v in labels.dropna()})
        if len(levels) < 2:
            message = (
                loc.gettext(
                    "the grouping variable has one level (%(level)r); DIF needs two groups.",
                    level=levels[0],
                )
                if levels
                else loc.gettext("the grouping variable has no levels; DIF needs two groups.")
            )
            return self._empty("dif", title, message)
        if len(levels) > 2 and (focal is None or reference is None):
            missing = "focal" if focal is None else "reference"
            raise parameter_error(
                missing,
                OWNER,
                f"given (with {'reference' if missing == 'focal' else 'focal'}) when the "
                f"grouping variable has more than two levels: DIF compares two of {levels}",
                None,
            )
        reference = levels[0] if reference is None else str(reference)
        focal = (
            (levels[1] if levels[1] != reference else levels[0]) if focal is None else str(focal)
        )
        for name, level in (("focal", focal), ("reference", reference)):
            if level not in levels:
                raise parameter_error(name, OWNER, f"one of the group levels {levels}", level)
        counts = labels.astype(str).value_counts()
        if min(counts.get(focal, 0), counts.get(reference, 0)) < self._min:
            return self._empty(
                "dif",
                title,
                loc.gettext(
                    "each group needs at least %(minimum)s learners (focal %(focal)r: "
                    "%(n_focal)s, reference %(reference)r: %(n_reference)s).",
                    minimum=self._min,
                    focal=focal,
                    n_focal=counts.get(focal, 0),
                    reference=reference,
                    n_reference=counts.get(reference, 0),
                ),
            )
        self.dif_groups = (str(focal), str(reference))
        dichotomous = [k for k, item in enumerate(self.bank.items) if item.max_score == 1]
        if not dichotomous:
            return self._empty("dif", title, loc.gettext("Mantel-Haenszel DIF needs 0/1 items."))
        complete = ~np.isnan(self._matrix).any(axis=1)
        if complete.all():
            matching = np.nansum(self._matrix, axis=1)  # the classical matching score
            how = loc.gettext("the total score")
        else:
            matching = pd.qcut(self._theta, 10, labels=False, duplicates="drop")
            how = loc.gettext("EAP ability deciles (the data are incomplete)")
        table = mantel_haenszel_dif(
            self._matrix[:, dichotomous],
            labels.astype(object).where(labels.notna(), None).astype(str).to_numpy(),
            focal=focal,
            reference=reference,
            matching=matching,
            item_ids=[self.item_ids[k] for k in dichotomous],
        )
        return Section(
            "dif",
            title,
            table,
            note=loc.gettext(
                "Focal group %(focal)r against reference %(reference)r, matched on %(how)s. "
                "MH delta < 0: the item is harder for the focal group at equal ability. ETS "
                "class A negligible, B moderate, C large (review the item).",
                focal=focal,
                reference=reference,
                how=how,
            ),
        )
