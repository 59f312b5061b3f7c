"""Position labels for multiple-choice answers: ①②③④, 가나다라, ㄱㄴㄷㄹ (Korean tests).

An app that shows its choices labelled the way Korean tests label them may send the label
the child pressed: a label names the 1st, 2nd, 3rd ... choice in the bank's order (the order
of ``item.choices``). A label series is used on an item only when no choice's text reads
as one of its labels there (choice ids are ASCII, labels never are), so a label never
collides with a choice: on an item whose
choices are the syllables ``가``, ``다``, ``고``, ``구``, a ``다`` is the choice ``다`` and
never "the third choice".
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["LABEL_SERIES", "choice_labels", "label_key"]

LABEL_SERIES: tuple[str, ...] = (
    "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
    "가나다라마바사아자차카타파하",
    "㉮㉯㉰㉱㉲㉳㉴㉵㉶㉷㉸㉹㉺㉻",
    "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ",
    "㉠㉡㉢㉣㉤㉥㉦㉧㉨㉩㉪㉫㉬㉭",
)
"""The label series, each in order: circled digits, syllables, circled syllables, letters,
circled letters (a choice beyond a series' length has no label in it)."""


def label_key(normalised: str) -> str:
    """How an answer or a choice is compared with a label: without brackets or a trailing
    ``.`` or ``)`` (``(다)``, ``다)``, ``③.`` all read ``다`` / ``③``).

    Examples
    --------
    >>> label_key("(다)"), label_key("③."), label_key("다)")
    ('다', '③', '다')
    """
    return normalised.strip("()[]").rstrip(".)").strip()


def choice_labels(ids: Sequence[str], readings: Sequence[str]) -> tuple[dict[str, str], str]:
    """The labels an item takes, mapped to choice ids, and a hint naming them.

    Parameters
    ----------
    ids : sequence of str
        The choice ids in the bank's order.
    readings : sequence of str
        Every choice's text as :func:`label_key` reads it (normalised).

    Returns
    -------
    labels : dict of str to str
        Label -> choice id, for every series that no reading collides with.
    hint : str
        The usable series for an error message (``"①-④, 가-라"``), or ``""``.

    Examples
    --------
    >>> labels, hint = choice_labels(["A", "B", "C"], ["3", "5", "7"])
    >>> labels["③"], labels["다"], hint
    ('C', 'C', '①-③, 가-다, ㉮-㉰, ㄱ-ㄷ, ㉠-㉢')
    >>> labels, hint = choice_labels(["A", "B", "C"], ["가", "다", "고"])
    >>> "다" in labels, labels["③"]
    (False, 'C')
    """
    taken = set(readings)
    labels: dict[str, str] = {}
    spans = []
    for series in LABEL_SERIES:
        used = series[: len(ids)]
        if not used or taken.intersection(used):
            continue
        labels.update(zip(used, ids, strict=False))
        spans.append(f"{used[0]}-{used[-1]}" if len(used) > 1 else used)
    return labels, ", ".join(spans)
