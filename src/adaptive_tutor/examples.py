"""Small ready-made inputs for examples, tests and notebooks.

Examples
--------
>>> tiny_bank_document()["bank"]["id"]
'tiny'
"""

from __future__ import annotations

from typing import Any

from adaptive_tutor._bank_validation import SCHEMA_VERSION

__all__ = ["tiny_bank_document"]


def tiny_bank_document() -> dict[str, Any]:
    """Return a small valid bank document (3 items, 2 skills) used in examples and tests.

    Returns
    -------
    dict
        A new bank document each call (change it freely).

    Examples
    --------
    >>> tiny_bank_document()["bank"]["id"]
    'tiny'
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "bank": {
            "id": "tiny",
            "title": "Tiny demonstration bank",
            "subject": "mathematics",
            "language": "en",
            "grade_range": [1, 2],
            "provider": "adaptive_tutor project",
            "licence": "CC-BY-4.0",
        },
        "skills": [
            {"id": "count", "name": "Counting", "grade": 1, "prerequisites": []},
            {"id": "add", "name": "Addition within 10", "grade": 1, "prerequisites": ["count"]},
        ],
        "items": [
            {
                "id": "count-1",
                "skills": ["count"],
                "grade": 1,
                "type": "multiple_choice",
                "prompt": "How many apples? 🍎🍎🍎",
                "choices": [{"id": "A", "text": "2"}, {"id": "B", "text": "3"}],
                "answer": {"choice": "B"},
                "max_score": 1,
                "irt": {"model": "3PL", "a": 1.2, "b": -1.5, "c": 0.2},
            },
            {
                "id": "add-1",
                "skills": ["add"],
                "grade": 1,
                "type": "numeric",
                "prompt": "What is 3 + 4?",
                "answer": {"value": 7},
                "max_score": 1,
                "irt": {"model": "2PL", "a": 1.0, "b": -0.5},
            },
            {
                "id": "story-1",
                "skills": ["add"],
                "grade": 2,
                "type": "partial_credit",
                "prompt": "Sam has 4 marbles and gets 5 more. How many now? Show your work.",
                "rubric": [
                    {"score": 0, "description": "No correct step"},
                    {"score": 1, "description": "Correct set-up 4 + 5"},
                    {"score": 2, "description": "Correct answer 9 with working"},
                ],
                "max_score": 2,
                "irt": {"model": "GRM", "a": 1.1, "thresholds": [-0.5, 0.8]},
                "enemies": ["add-1"],
            },
        ],
    }
