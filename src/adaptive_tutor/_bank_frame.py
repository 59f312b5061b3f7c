"""Turn a table with one row per item into an item bank document."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from adaptive_tutor._bank_validation import SCHEMA_VERSION
from adaptive_tutor.exceptions import ItemBankError

__all__ = ["document_from_frame"]


def document_from_frame(
    frame: pd.DataFrame,
    metadata: Mapping[str, Any] | None,
    skills: Sequence[Mapping[str, Any]] | None,
) -> dict[str, Any]:
    if not isinstance(frame, pd.DataFrame):
        raise ItemBankError(f"from_dataframe needs a pandas DataFrame. Got {type(frame).__name__}.")
    id_column = "item_id" if "item_id" in frame.columns else "id"
    missing = [c for c in (id_column, "grade", "prompt", "model") if c not in frame.columns]
    if "skills" not in frame.columns and "skill" not in frame.columns:
        missing.append("skills")
    if missing:
        raise ItemBankError(
            f"<DataFrame>: missing columns {missing}; see ItemBank.from_dataframe for the "
            "expected columns."
        )
    items = [
        _item_from_row({str(k): v for k, v in row.items()}, id_column)
        for row in frame.to_dict(orient="records")
    ]
    grades = [item["grade"] for item in items if isinstance(item["grade"], int)] or [0]
    skill_docs = [dict(skill) for skill in skills] if skills is not None else []
    known = {skill.get("id") for skill in skill_docs}
    for item in items:
        for skill_id in item["skills"]:
            if skill_id not in known:
                skill_grades = [i["grade"] for i in items if skill_id in i["skills"]]
                skill_docs.append({"id": skill_id, "name": skill_id, "grade": min(skill_grades)})
                known.add(skill_id)
    bank = {
        "id": "dataframe-bank",
        "title": "Item bank built from a table",
        "subject": "unspecified",
        "language": "en",
        "grade_range": [min(grades), max(grades)],
        "provider": "unspecified",
        "licence": "unspecified",
    }
    bank.update(metadata or {})
    return {"schema_version": SCHEMA_VERSION, "bank": bank, "skills": skill_docs, "items": items}


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return not (isinstance(value, str) and value == "")


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    return value


def _item_from_row(row: Mapping[str, Any], id_column: str) -> dict[str, Any]:
    raw_skills = row.get("skills", row.get("skill"))
    if isinstance(raw_skills, str):
        skill_list = [s.strip() for s in raw_skills.split(",") if s.strip()]
    else:
        skill_list = list(_plain(raw_skills)) if _present(raw_skills) else []
    model = row["model"]
    irt: dict[str, Any] = {"model": model}
    for key in ("a", "b", "c", "d", "thresholds", "steps"):
        value = row.get(key)
        if isinstance(value, list | tuple | np.ndarray) or _present(value):
            irt[key] = _plain(value)
    polytomous = model in ("GRM", "GPCM", "PCM")
    categories = irt.get("thresholds", irt.get("steps", [None])) if polytomous else [None]
    default_type = "partial_credit" if polytomous else "numeric"
    item_type = row["type"] if _present(row.get("type")) else default_type
    max_score: Any = row.get("max_score")
    item: dict[str, Any] = {
        "id": _plain(row[id_column]),
        "skills": skill_list,
        "grade": _plain(row["grade"]),
        "type": item_type,
        "prompt": row["prompt"],
        "max_score": int(max_score) if _present(max_score) else len(categories),
        "irt": irt,
    }
    if _present(row.get("answer")) and item_type == "numeric":
        item["answer"] = {"value": _plain(row["answer"])}
    if item_type == "partial_credit":
        item["rubric"] = [
            {"score": score, "description": f"score {score}"}
            for score in range(item["max_score"] + 1)
        ]
    return item
