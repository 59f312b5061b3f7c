"""What a learner could study next: skills whose prerequisites are mastered, with items.

Skills not yet mastered whose prerequisites are all mastered are recommended, weakest
first (the distance of the skill's ability below its benchmark); skills never practised
come after those, the ones nearest the learner's overall level first. Each gets the
unanswered items whose difficulty is closest to the learner's ability on the skill (the
overall ability for a skill not practised), and, once all were answered, the items that did
not get full credit, to review.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.mastery import MASTERED

__all__ = ["recommendation_frame"]


def recommendation_frame(
    bank: ItemBank,
    own: pd.DataFrame,
    skills: pd.DataFrame,
    cuts: NDArray[np.float64],
    overall: float,
    *,
    min_responses: int,
    n_recommend: int,
    per_skill: int,
) -> pd.DataFrame:
    """The ``recommendations`` frame of a learner report.

    Parameters
    ----------
    bank : ItemBank
    own : pandas.DataFrame
        The learner's rows of a checked log.
    skills : pandas.DataFrame
        The report's ``skills`` frame (bank skill order).
    cuts : ndarray
        Each skill's mastery cut.
    overall : float
        The learner's overall ability (NaN without answers).
    min_responses : int
        Fewest distinct items of the mastery judgement.
    n_recommend, per_skill : int
        How many skills, and items per skill.

    Returns
    -------
    pandas.DataFrame
        ``skill_id, skill, status, margin, reason, items, review_items``; ``reason`` is
        ``not_practised``, ``too_few_answers`` or ``below_benchmark``.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> skills = pd.DataFrame({"skill_id": ["count", "add"], "skill": ["Count", "Add"],
    ...                        "status": ["mastered", "too_few_answers"],
    ...                        "theta": [1.0, np.nan], "n_responses": [3, 0]})
    >>> own = pd.DataFrame({"learner_id": ["a"], "item_id": ["count-1"], "response": [1.0]})
    >>> frame = recommendation_frame(bank, own, skills, np.array([-1.5, -0.5]), 1.0,
    ...                              min_responses=3, n_recommend=3, per_skill=2)
    >>> frame[["skill_id", "reason"]].values.tolist(), frame["items"].iloc[0]
    ([['add', 'not_practised']], ('story-1', 'add-1'))
    """
    status = dict(zip(skills["skill_id"], skills["status"], strict=True))
    rows = []
    for position, skill_id in enumerate(bank.skill_ids):
        if status[skill_id] == MASTERED:
            continue
        prerequisites = bank.prerequisites_of(skill_id)
        if any(status.get(p) != MASTERED for p in prerequisites):
            continue
        theta = float(skills["theta"].to_numpy()[position])
        measured = np.isfinite(theta)
        rows.append(
            {
                "skill_id": skill_id,
                "skill": skills.loc[position, "skill"],
                "status": status[skill_id],
                "margin": theta - cuts[position] if measured else np.nan,
                "reason": _reason(
                    measured,
                    theta >= cuts[position],
                    int(skills["n_responses"].to_numpy()[position]) < min_responses,
                ),
                "_target": theta
                if measured
                else (overall if np.isfinite(overall) else float(cuts[position])),
                "_distance": 0.0
                if measured or not np.isfinite(overall)
                else abs(overall - float(cuts[position])),
            }
        )
    columns = ["skill_id", "skill", "status", "margin", "reason", "_target", "_distance"]
    frame = pd.DataFrame(rows, columns=columns)
    # weakest first; skills never practised come after the measured ones, those nearest
    # the learner's overall level first
    frame = frame.sort_values(
        ["margin", "_distance", "skill_id"], na_position="last", kind="stable"
    )
    frame = frame.head(n_recommend).reset_index(drop=True).drop(columns="_distance")
    credit = own.drop_duplicates("item_id", keep="last").set_index("item_id")["response"]
    full = {item.id: item.max_score for item in bank.items}
    b = np.asarray(bank.params.b)
    suggestions, reviews = [], []
    for skill_id, target in zip(frame["skill_id"], frame["_target"], strict=True):
        pool = [item.id for item in bank.items_for_skill(skill_id)]
        new = [i for i in pool if i not in credit.index]
        # once every item was seen, suggest revisiting those without full credit
        review = [i for i in pool if i in credit.index and credit[i] < full[i]]
        chosen = _closest(new, b[bank.indices_of(new)], target, per_skill)
        revisit = _closest(review, b[bank.indices_of(review)], target, per_skill)
        suggestions.append(tuple(chosen))
        reviews.append(tuple(revisit[: per_skill - len(chosen)]))
    frame["items"] = pd.Series(suggestions, index=frame.index, dtype=object)
    frame["review_items"] = pd.Series(reviews, index=frame.index, dtype=object)
    frame = frame.drop(columns="_target")
    return frame


def _reason(measured: bool, at_or_above: bool, too_few: bool) -> str:
    """Why a skill whose prerequisites are mastered is recommended (a reason code)."""
    if not measured:
        return "not_practised"
    if at_or_above and too_few:
        return "too_few_answers"
    return "below_benchmark"


def _closest(
    ids: list[str], difficulty: NDArray[np.float64], target: float, count: int
) -> list[str]:
    """The ``count`` ids whose difficulty is closest to ``target`` (ties by id)."""
    if not ids:
        return []
    order = np.lexsort((np.array(ids), np.abs(difficulty - target)))[:count]
    return [ids[k] for k in order]
