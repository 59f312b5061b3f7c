"""Fractions and decimals bank, grades 2-6.

Keys are computed with :class:`fractions.Fraction` and carried in ``expr:`` tags (or
``compare:``/``order:ascending`` tags) that the verifier and the tests recompute. Distractors
simulate documented misconceptions: "a bigger denominator means a bigger fraction", adding
numerators and denominators, "longer decimals are larger", misaligned decimal points,
multiplying instead of dividing, and so on.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

from _bank_kit import (
    BankBuilder,
    evaluate,
    fmt_fraction,
    fmt_mixed,
    fmt_number,
    svg_fraction_bar,
    svg_number_line,
)

SEED = 20240602

UNIT = "frac.unit_fractions"
PARTS = "frac.fractions_of_a_whole"
EQUIV = "frac.equivalent_fractions"
COMP = "frac.comparing_fractions"
LIKE = "frac.add_sub_like_denominators"
MIXED = "frac.mixed_numbers"
UNLIKE = "frac.add_sub_unlike_denominators"
MULDIV = "frac.multiply_divide_fractions"
DPV = "dec.decimal_place_value"
DCOMP = "dec.compare_round_decimals"
DADD = "dec.add_sub_decimals"
DMUL = "dec.multiply_divide_decimals"
CONV = "conv.fraction_decimal_percent"

RETRY = "Check this one again."
EQUAL = "They are equal"


def _f(text: str) -> F:
    value = evaluate(text)
    if isinstance(value, tuple):
        raise ValueError(text)
    return value


def _frac_text(num: int, den: int) -> str:
    return f"{num}/{den}"


def _distinct(key: F, candidates: list[tuple[str, F, str]], n: int = 3) -> list[tuple[str, str]]:
    """Keep candidates (text, value, feedback) whose values differ from the key and each other."""
    seen = {key}
    out: list[tuple[str, str]] = []
    for text, value, feedback in candidates:
        if value in seen or value < 0 or len(out) == n:
            continue
        seen.add(value)
        out.append((text, feedback))
    if len(out) < n:
        raise ValueError(f"not enough distractors for {key}: {candidates}")
    return out


def build() -> BankBuilder:
    bb = BankBuilder(
        {
            "id": "fractions_decimals",
            "title": "Fractions and decimals",
            "description": (
                "Fractions and decimals for grades 2-6: unit fractions, fractions of shapes, "
                "sets and number lines, equivalent fractions, comparing, adding and "
                "subtracting with like and unlike denominators, mixed numbers, multiplying "
                "and dividing fractions, decimal place value, comparing and rounding "
                "decimals, decimal operations and fraction-decimal-percent conversion. "
                "Written explanations and multi-step problems are scored 0-2 with a rubric."
            ),
            "subject": "mathematics",
            "language": "en",
            "grade_range": [2, 6],
            "scale": {"D": 1.0, "note": "Same logit scale as the arithmetic bank."},
        },
        SEED,
    )
    S = bb.skill
    S(UNIT, "Unit fractions", 2, "Equal parts; halves, thirds, fourths; one part of a whole.")
    S(
        PARTS,
        "Fractions of a whole, a set and a number line",
        3,
        "Non-unit fractions of shapes and sets; fractions as points on a number line.",
        [UNIT],
    )
    S(
        EQUIV,
        "Equivalent fractions",
        3,
        "Equivalent fractions by multiplying or dividing; simplest form.",
        [PARTS],
    )
    S(
        COMP,
        "Comparing and ordering fractions",
        3,
        "Same denominator, same numerator, benchmarks and common denominators.",
        [EQUIV],
    )
    S(
        LIKE,
        "Adding and subtracting like fractions",
        4,
        "Add and subtract fractions with the same denominator.",
        [PARTS, EQUIV],
    )
    S(
        MIXED,
        "Mixed numbers",
        4,
        "Convert between improper fractions and mixed numbers; add and subtract them.",
        [LIKE],
    )
    S(
        UNLIKE,
        "Adding and subtracting unlike fractions",
        5,
        "Common denominators; answers in simplest form.",
        [LIKE, COMP],
    )
    S(
        MULDIV,
        "Multiplying and dividing fractions",
        5,
        "Fraction of a quantity, fraction times fraction, dividing by a fraction.",
        [EQUIV, MIXED],
    )
    S(
        DPV,
        "Decimal place value",
        4,
        "Tenths and hundredths; decimals as fractions with denominator 10 or 100.",
        [EQUIV],
    )
    S(
        DCOMP,
        "Comparing and rounding decimals",
        4,
        "Compare and order decimals; round to the nearest whole and tenth.",
        [DPV],
    )
    S(
        DADD,
        "Adding and subtracting decimals",
        5,
        "Line up the decimal points; money contexts.",
        [DPV],
    )
    S(
        DMUL,
        "Multiplying and dividing decimals",
        5,
        "By 10 and 100, by whole numbers and by decimals.",
        [DADD, MULDIV],
    )
    S(
        CONV,
        "Fractions, decimals and percents",
        6,
        "Convert between the three forms; percent of a quantity.",
        [DCOMP, DMUL, EQUIV],
    )

    def add(prefix: str, **kw: object) -> str:
        return bb.add(item_id=bb.next_id(prefix), **kw)  # type: ignore[arg-type]

    def numeric(
        prefix: str,
        skills: list[str],
        grade: int,
        prompt: str,
        expr: str,
        cx: float,
        why: str,
        expl: str,
        minutes: float = 1.0,
        tags: tuple[str, ...] = (),
        **kw: object,
    ) -> str:
        value = _f(expr)
        return add(
            prefix,
            skills=skills,
            grade=grade,
            kind="numeric",
            prompt=prompt,
            complexity=cx,
            why=why,
            explanation=expl,
            minutes=minutes,
            tags=tags,
            value=value,
            expr=expr,
            **({"tolerance": 1e-6} if value.denominator != 1 else {}),
            **kw,
        )

    def short(
        prefix: str,
        skills: list[str],
        grade: int,
        prompt: str,
        expr: str,
        accepted: list[str],
        cx: float,
        why: str,
        expl: str,
        minutes: float = 1.0,
        tags: tuple[str, ...] = (),
        **kw: object,
    ) -> str:
        return add(
            prefix,
            skills=skills,
            grade=grade,
            kind="short_answer",
            prompt=prompt,
            complexity=cx,
            why=why,
            explanation=expl,
            minutes=minutes,
            tags=tags,
            accepted=accepted,
            expr=expr,
            **kw,
        )

    def choice(
        prefix: str,
        skills: list[str],
        grade: int,
        prompt: str,
        key: str,
        distractors: list[tuple[str, str]],
        cx: float,
        why: str,
        expl: str,
        minutes: float = 1.0,
        tags: tuple[str, ...] = (),
        expr: str | None = None,
        **kw: object,
    ) -> str:
        return add(
            prefix,
            skills=skills,
            grade=grade,
            kind="multiple_choice",
            prompt=prompt,
            complexity=cx,
            why=why,
            explanation=expl,
            minutes=minutes,
            tags=tags,
            key=key,
            distractors=distractors,
            expr=expr,
            **kw,
        )

    def rubric_item(
        prefix: str,
        skills: list[str],
        grade: int,
        prompt: str,
        cx: float,
        why: str,
        expl: str,
        levels: list[str],
        expr: str | None = None,
        minutes: float = 4.0,
        tags: tuple[str, ...] = (),
    ) -> str:
        value = _f(expr) if expr else None
        return add(
            prefix,
            skills=skills,
            grade=grade,
            kind="partial_credit",
            prompt=prompt,
            complexity=cx,
            why=why,
            explanation=expl,
            minutes=minutes,
            tags=("rubric", *tags),
            rubric=levels,
            value=value,
            expr=expr,
            model="GPCM",
        )

    def bar(shaded: int, parts: int) -> list[dict[str, str]]:
        uri = bb.media(
            f"media/fraction_bar_{shaded}_of_{parts}.svg", svg_fraction_bar(shaded, parts)
        )
        return [
            {
                "type": "image",
                "uri": uri,
                "alt": f"A bar divided into {parts} equal parts; {shaded} of the parts "
                "are shaded orange.",
            }
        ]

    def shaded_item(prefix: str, skill: str, grade: int, k: int, n: int, cx: float) -> str:
        key = F(k, n)
        cands = [
            (
                _frac_text(k, n - k),
                F(k, n - k),
                "You compared shaded parts with unshaded parts; use all the parts as the "
                "denominator.",
            )
            if n > k
            else ("", key, ""),
            (_frac_text(n - k, n), F(n - k, n), "That is the part that is not shaded."),
            (_frac_text(n, k), F(n, k), "The number of equal parts goes on the bottom."),
            (_frac_text(k, n + 1), F(k, n + 1), "Count the parts, not the lines."),
            (_frac_text(k + 1, n), F(k + 1, n), "Count the shaded parts again."),
        ]
        return choice(
            prefix,
            [skill],
            grade,
            "What fraction of the bar is shaded?",
            _frac_text(k, n),
            _distinct(key, cands),
            cx,
            "reading a shaded bar",
            f"{k} of the {n} equal parts are shaded: {k}/{n}.",
            0.75,
            ("shaded-shape",),
            expr=f"{k}/{n}",
            media=bar(k, n),
        )

    # ---------------------------------------------------------------- unit fractions (G2)
    for n, cx in ((2, -0.8), (3, -0.4), (4, -0.5), (6, -0.1), (8, 0.0)):
        shaded_item("fr.unit", UNIT, 2, 1, n, cx)
    for n, thing, part, who, cx in (
        (8, "pizza", "slices", "Sam", -0.2),
        (4, "cake", "slices", "Mia", -0.5),
        (10, "chocolate bar", "pieces", "Omar", 0.1),
        (3, "ribbon", "pieces", "Zoe", -0.3),
    ):
        verb = "takes" if thing == "ribbon" else "eats"
        short(
            "fr.unit",
            [UNIT],
            2,
            f"A {thing} is cut into {n} equal {part}. {who} {verb} one "
            f"of the {part}. What fraction of the {thing} does {who} "
            f"{verb.removesuffix('s')}?",
            f"1/{n}",
            [f"1/{n}"],
            cx,
            "unit fraction in a story",
            f"One of {n} equal parts is 1/{n}.",
            0.75,
            ("unit-fraction",),
        )
    for a, b in ((3, 5), (2, 8), (4, 6), (10, 3)):
        big, small = min(a, b), max(a, b)
        choice(
            "fr.unit",
            [UNIT, COMP],
            2,
            f"Which is bigger: 1/{a} or 1/{b}?",
            f"1/{big}",
            [
                (
                    f"1/{small}",
                    f"The whole is cut into more parts, so each part of 1/{small} is smaller.",
                ),
                ("They are the same size", "The parts are different sizes."),
            ],
            0.4,
            "bigger denominator looks bigger (common misconception)",
            f"Cutting a whole into {big} parts makes bigger pieces than cutting it into "
            f"{small} parts, so 1/{big} is bigger.",
            0.75,
            ("compare", f"compare:1/{a},1/{b}"),
        )
    for question, key, wrong, cx in (
        (
            "Ana cuts a cake into 4 pieces of different sizes. Is each piece 1/4 of the cake?",
            "No, because the pieces are not equal in size.",
            ["Yes, because there are 4 pieces.", "Yes, because 4 is an even number."],
            0.2,
        ),
        (
            "A sandwich is cut into 2 equal pieces. What is each piece called?",
            "One half",
            ["One quarter", "One third"],
            -0.7,
        ),
    ):
        choice(
            "fr.unit",
            [UNIT],
            2,
            question,
            key,
            [(w, "Fractions need equal parts.") for w in wrong],
            cx,
            "equal parts concept",
            key,
            0.75,
            ("equal-parts",),
        )
    for n, word, cx in ((2, "halves", -0.6), (5, "fifths", -0.1), (8, "eighths", 0.0)):
        numeric(
            "fr.unit",
            [UNIT],
            2,
            f"How many {word} make one whole?",
            f"1/(1/{n})",
            cx,
            "unit fractions that make a whole",
            f"{n} {word} make one whole: {n}/{n} = 1.",
            0.5,
            ("whole",),
        )

    # ------------------------------------------------------ fractions of a whole (G3)
    for k, n, cx in ((3, 8, 0.0), (2, 5, -0.2), (5, 6, 0.1), (3, 4, -0.3)):
        shaded_item("fr.parts", PARTS, 3, k, n, cx)
    for k, n, cx in ((3, 4, -0.2), (5, 8, 0.2), (2, 3, 0.0), (7, 10, 0.3)):
        uri = bb.media(f"media/number_line_{k}_of_{n}.svg", svg_number_line(n, k))
        short(
            "fr.parts",
            [PARTS],
            3,
            "The number line from 0 to 1 is divided into equal parts. "
            "What fraction does the dot show?",
            f"{k}/{n}",
            [f"{k}/{n}"],
            cx,
            "fraction on a number line",
            f"The line is cut into {n} equal parts and the dot "
            f"is {k} parts from 0, so it shows {k}/{n}.",
            1.0,
            ("number-line",),
            media=[
                {
                    "type": "image",
                    "uri": uri,
                    "alt": f"A number line from 0 to 1 divided "
                    f"into {n} equal parts, with a dot on mark {k} after 0.",
                }
            ],
        )
    for k, n, total, thing, which, cx in (
        (1, 4, 20, "apples", "are green", -0.2),
        (1, 3, 12, "balloons", "are red", -0.1),
        (1, 5, 30, "pupils", "wear glasses", 0.0),
        (2, 3, 15, "marbles", "are blue", 0.5),
        (3, 4, 24, "stickers", "have stars on them", 0.6),
    ):
        numeric(
            "fr.parts",
            [PARTS],
            3,
            f"There are {total} {thing}. {k}/{n} of them {which}. How many {thing} {which}?",
            f"{k}/{n}*{total}",
            cx,
            "non-unit fraction of a set" if k > 1 else "unit fraction of a set",
            f"{total} ÷ {n} = {total // n}"
            + (f", and {k} × {total // n} = {k * total // n}." if k > 1 else "."),
            1.0,
            ("fraction-of-set",),
        )
    choice(
        "fr.parts",
        [PARTS],
        3,
        "In the fraction 5/8, what does the 8 tell you?",
        "The whole is cut into 8 equal parts.",
        [
            ("8 parts are shaded.", "The top number tells how many parts are counted."),
            ("There are 8 wholes.", "The fraction is part of one whole."),
            ("Each part is 8 cm long.", "The denominator counts parts, not length."),
        ],
        0.1,
        "meaning of the denominator",
        "The denominator (bottom number) tells how many equal parts the whole is cut into.",
        0.75,
        ("vocabulary",),
    )
    choice(
        "fr.parts",
        [PARTS],
        3,
        "In the fraction 5/8, what does the 5 tell you?",
        "5 of the equal parts are counted.",
        [
            ("The whole is cut into 5 parts.", "That is what the bottom number tells."),
            ("There are 5 wholes.", "The fraction is part of one whole."),
            ("5 parts are missing.", "The numerator counts the parts we are talking about."),
        ],
        0.2,
        "meaning of the numerator",
        "The numerator (top number) tells how many of the equal parts are counted.",
        0.75,
        ("vocabulary",),
    )
    for expr, cx in (("6/6", -0.1), ("8/4", 0.4)):
        numeric(
            "fr.parts",
            [PARTS],
            3,
            f"Write {expr} as a whole number.",
            expr,
            cx,
            "fractions equal to whole numbers",
            f"{expr} = {fmt_number(_f(expr))}.",
            0.5,
            ("whole",),
        )

    # --------------------------------------------------------- equivalent fractions (G3-4)
    eq_short: dict[str, str] = {}
    for (a, b), m, grade, cx in (
        ((1, 2), 4, 3, -0.4),
        ((2, 3), 4, 3, 0.0),
        ((3, 4), 2, 3, -0.2),
        ((3, 5), 3, 4, -0.1),
        ((5, 6), 3, 4, 0.1),
    ):
        numeric(
            "fr.eq",
            [EQUIV],
            grade,
            f"What number goes in the box? {a}/{b} = ?/{b * m}",
            f"{a}/{b}*{b * m}",
            cx,
            "missing numerator",
            f"{b} × {m} = {b * m}, so multiply the top by {m} too: {a * m}.",
            0.75,
            ("missing-number",),
        )
    for (a, b), m, cx in (((3, 5), 3, 0.1), ((4, 7), 2, 0.2)):
        numeric(
            "fr.eq",
            [EQUIV],
            4,
            f"What number goes in the box? {a}/{b} = {a * m}/?",
            f"{a * m}/({a}/{b})",
            cx,
            "missing denominator",
            f"{a} × {m} = {a * m}, so multiply the bottom by {m} too: {b * m}.",
            0.75,
            ("missing-number",),
        )
    for (a, b), m, grade in (((3, 4), 2, 3), ((2, 5), 3, 4), ((1, 3), 4, 4), ((4, 5), 2, 4)):
        key = F(a, b)
        cands = [
            (
                _frac_text(a + m, b + m),
                F(a + m, b + m),
                "Adding the same number to the top and bottom changes the fraction.",
            ),
            (
                _frac_text(a, b * m),
                F(a, b * m),
                "You changed only the bottom number; multiply both.",
            ),
            (_frac_text(b, a), F(b, a), "That fraction is upside down."),
            (_frac_text(a * m, b * m + 1), F(a * m, b * m + 1), RETRY),
        ]
        choice(
            "fr.eq",
            [EQUIV],
            grade,
            f"Which fraction is equivalent to {a}/{b}?",
            _frac_text(a * m, b * m),
            _distinct(key, cands),
            0.1 if grade == 4 else 0.2,
            "equivalence by multiplying",
            f"Multiply top and bottom by {m}: {a}/{b} = {a * m}/{b * m}.",
            0.75,
            ("equivalent",),
            expr=f"{a * m}/{b * m}",
        )
    for num, den, cx in ((6, 8, -0.3), (4, 10, -0.2), (12, 18, 0.3), (15, 20, 0.1), (9, 12, 0.0)):
        s = F(num, den)
        eq_short[f"{num}/{den}"] = short(
            "fr.eq",
            [EQUIV],
            4,
            f"Write {num}/{den} in simplest form.",
            f"{num}/{den}",
            [fmt_fraction(s)],
            cx,
            "simplifying by the greatest common factor"
            if s.denominator * 2 < den
            else "simplifying by a common factor",
            f"Divide the top and bottom by {num // s.numerator}: {num}/{den} = {fmt_fraction(s)}.",
            1.0,
            ("simplest-form",),
        )

    # ---------------------------------------------------------- comparing fractions (G3-4)
    def greater(
        prefix: str, a: str, b: str, grade: int, cx: float, why: str, expl: str, wrong_fb: str
    ) -> str:
        va, vb = _f(a), _f(b)
        key = a if va > vb else b
        other = b if key == a else a
        return choice(
            prefix,
            [COMP],
            grade,
            f"Which fraction is greater: {a} or {b}?",
            key,
            [(other, wrong_fb), (EQUAL, "These fractions are not equal.")],
            cx,
            why,
            expl,
            0.75,
            ("compare", f"compare:{a},{b}"),
        )

    for a, b in (("3/8", "5/8"), ("4/6", "1/6"), ("7/10", "9/10")):
        greater(
            "fr.comp",
            a,
            b,
            3,
            -0.5,
            "same denominator",
            f"The parts are the same size, so more parts is more: compare {a} and {b} "
            "by their numerators.",
            "With the same denominator, more parts is greater.",
        )
    for a, b in (("2/3", "2/5"), ("3/8", "3/4"), ("5/6", "5/12")):
        greater(
            "fr.comp",
            a,
            b,
            3,
            0.4,
            "same numerator (bigger denominator looks bigger)",
            f"Same number of parts, but the parts with the smaller denominator are bigger; "
            f"compare {a} and {b}.",
            "A bigger denominator means smaller parts.",
        )
    for a, b in (("3/5", "4/7"), ("5/6", "7/9"), ("2/3", "3/5")):
        va, vb = _f(a), _f(b)
        greater(
            "fr.comp",
            a,
            b,
            4,
            0.4,
            "different numerators and denominators",
            f"Use a common denominator or cross-multiply: {a} {'>' if va > vb else '<'} {b}.",
            "Rewrite both with a common denominator and compare again.",
        )
    for a, b in (("3/8", "4/7"), ("5/9", "2/5")):
        va, vb = _f(a), _f(b)
        greater(
            "fr.comp",
            a,
            b,
            4,
            0.0,
            "benchmark one half",
            f"Compare each with 1/2: {a} is {'more' if va > F(1, 2) else 'less'} than 1/2 "
            f"and {b} is {'more' if vb > F(1, 2) else 'less'} than 1/2.",
            "Compare each fraction with one half.",
        )
    eq_sym: dict[str, str] = {}
    for a, b, cx in (("2/4", "1/2", 0.0), ("3/5", "5/8", 0.3), ("7/8", "5/6", 0.3)):
        va, vb = _f(a), _f(b)
        key = "<" if va < vb else (">" if va > vb else "=")
        eq_sym[a] = choice(
            "fr.comp",
            [COMP, EQUIV],
            4,
            f"Which symbol makes this true? {a} __ {b}",
            key,
            [
                (s, "Rewrite both fractions with a common denominator and compare.")
                for s in "<>="
                if s != key
            ],
            cx,
            "symbol comparison",
            f"With a common denominator: {a} {key} {b}.",
            0.75,
            ("compare", f"compare:{a},{b}"),
        )
    for fracs in (("1/2", "1/3", "3/4"), ("2/5", "1/10", "1/2"), ("5/8", "3/4", "1/4")):
        vals = sorted(fracs, key=_f)
        wrongs = [
            (
                sorted(fracs, key=lambda t: int(t.split("/")[1])),
                "You ordered by the denominators only.",
            ),
            (list(reversed(vals)), "That list goes from largest to smallest."),
            (
                sorted(fracs, key=lambda t: int(t.split("/")[0])),
                "You ordered by the numerators only.",
            ),
            ([vals[1], vals[0], vals[2]], "Compare the first two again."),
            ([vals[0], vals[2], vals[1]], "Compare the last two again."),
        ]
        d: list[tuple[str, str]] = []
        for w, fb in wrongs:
            text = ", ".join(w)
            if w != vals and text not in (t for t, _ in d) and len(d) < 3:
                d.append((text, fb))
        choice(
            "fr.comp",
            [COMP],
            4,
            "Which list is in order from smallest to largest?",
            ", ".join(vals),
            d,
            0.3,
            "ordering three fractions",
            f"Using a common denominator: {', '.join(vals)}.",
            1.0,
            ("order", "order:ascending"),
        )

    # ---------------------------------------------------- add/sub like denominators (G4)
    for a, b, d_, op, cx in (
        (2, 3, 7, "+", -0.5),
        (1, 3, 8, "+", -0.2),
        (5, 6, 8, "+", 0.4),
        (3, 4, 10, "+", -0.3),
        (2, 2, 5, "+", -0.4),
        (5, 2, 6, "-", -0.3),
        (7, 3, 8, "-", 0.0),
        (9, 4, 10, "-", -0.2),
        (11, 5, 12, "-", 0.2),
    ):
        value = F(a, d_) + F(b, d_) if op == "+" else F(a, d_) - F(b, d_)
        raw = f"{a + b if op == '+' else a - b}/{d_}"
        accepted = [raw, fmt_fraction(value)] + ([fmt_mixed(value)] if value > 1 else [])
        sign = "+" if op == "+" else "−"
        short(
            "fr.like",
            [LIKE],
            4,
            f"What is {a}/{d_} {sign} {b}/{d_}? Write your answer as a fraction.",
            f"{a}/{d_}{op}{b}/{d_}",
            accepted,
            cx,
            "answer greater than one"
            if value > 1
            else (
                "answer can be simplified" if raw != fmt_fraction(value) else "like denominators"
            ),
            f"The parts are the same size ({d_}ths), so {'add' if op == '+' else 'subtract'} "
            f"the numerators: {raw}"
            + (
                f" = {fmt_mixed(value)}."
                if value > 1
                else (f" = {fmt_fraction(value)}." if raw != fmt_fraction(value) else ".")
            ),
            0.75,
            ("like-denominators",),
        )
    for a, b, d_ in ((2, 3, 7), (3, 4, 9), (1, 2, 5)):
        key = F(a + b, d_)
        cands = [
            (
                _frac_text(a + b, 2 * d_),
                F(a + b, 2 * d_),
                "You added the denominators too; the size of the parts does not change.",
            ),
            (_frac_text(a * b, d_), F(a * b, d_), "You multiplied the numerators."),
            (
                _frac_text(a + b, d_ * d_),
                F(a + b, d_ * d_),
                "You multiplied the denominators; keep the denominator the same.",
            ),
            (_frac_text(a + b + 1, d_), F(a + b + 1, d_), RETRY),
        ]
        choice(
            "fr.like",
            [LIKE],
            4,
            f"What is {a}/{d_} + {b}/{d_}?",
            _frac_text(a + b, d_),
            _distinct(key, cands),
            -0.2,
            "like denominators, recognition",
            f"Add the numerators and keep the denominator: {a + b}/{d_}.",
            0.75,
            ("like-denominators",),
            expr=f"{a}/{d_}+{b}/{d_}",
        )
    for parts, d_ in (((3, 3, 1), 8), ((2, 4, 3), 10)):
        shown = " + ".join(f"{p}/{d_}" for p in parts)
        numeric(
            "fr.like",
            [LIKE],
            4,
            f"{shown} = ?/{d_}. What number goes in the box?",
            f"({'+'.join(f'{p}/{d_}' for p in parts)})*{d_}",
            0.0,
            "three addends",
            f"Add the numerators: {' + '.join(map(str, parts))} = {sum(parts)}.",
            0.75,
            ("like-denominators",),
        )
    for story, a, b, d_ in (
        (
            "Maya ran {a} of a mile in the morning and {b} of a mile in the afternoon. How far did "
            "she run altogether?",
            3,
            4,
            10,
        ),
        (
            "Ben drank {a} of a litre of water in the morning and {b} of a litre in the afternoon. "
            "How much water did he drink altogether?",
            2,
            5,
            8,
        ),
    ):
        short(
            "fr.like",
            [LIKE],
            4,
            story.format(a=f"{a}/{d_}", b=f"{b}/{d_}") + " Write a fraction.",
            f"{a}/{d_}+{b}/{d_}",
            list(dict.fromkeys([f"{a + b}/{d_}", fmt_fraction(F(a + b, d_))])),
            0.2,
            "like denominators in a story",
            f"{a}/{d_} + {b}/{d_} = {a + b}/{d_}.",
            1.0,
            ("word-problem",),
        )

    # ------------------------------------------------------------- mixed numbers (G4-5)
    mixed_ids = {}
    for num, den, cx in ((11, 4, -0.2), (7, 3, -0.3), (17, 5, 0.1), (23, 6, 0.3)):
        mixed_ids[(num, den)] = short(
            "fr.mixed",
            [MIXED],
            4,
            f"Write {num}/{den} as a mixed number.",
            f"{num}/{den}",
            [fmt_mixed(F(num, den))],
            cx,
            "improper to mixed",
            f"{num} ÷ {den} = {num // den} remainder {num % den}, so {num}/{den} = "
            f"{fmt_mixed(F(num, den))}.",
            1.0,
            ("convert",),
        )
    for w, n, d_, cx in ((3, 2, 5, 0.0), (2, 3, 8, 0.1), (4, 1, 6, 0.2)):
        short(
            "fr.mixed",
            [MIXED],
            4,
            f"Write {w} {n}/{d_} as an improper fraction.",
            f"{w}+{n}/{d_}",
            [f"{w * d_ + n}/{d_}"],
            cx,
            "mixed to improper",
            f"{w} wholes are {w * d_}/{d_}; add {n}/{d_} to get {w * d_ + n}/{d_}.",
            1.0,
            ("convert",),
        )
    for num, den in ((13, 5), (11, 4)):
        q, r = divmod(num, den)
        key = F(num, den)
        cands = [
            (f"{r} {q}/{den}", r + F(q, den), "You swapped the whole number and the numerator."),
            (f"{q + 1} {r}/{den}", q + 1 + F(r, den), RETRY),
            (f"{q} {den - r}/{den}", q + F(den - r, den), "Check the remainder."),
            (f"{q - 1} {r}/{den}", q - 1 + F(r, den), RETRY),
        ]
        mc = choice(
            "fr.mixed",
            [MIXED],
            4,
            f"Which mixed number is equal to {num}/{den}?",
            fmt_mixed(key),
            _distinct(key, cands),
            0.0,
            "improper to mixed, recognition",
            f"{num} ÷ {den} = {q} remainder {r}: {fmt_mixed(key)}.",
            0.75,
            ("convert",),
            expr=f"{num}/{den}",
        )
        if (num, den) in mixed_ids:
            bb.enemies(mc, mixed_ids[(num, den)])
    for (w1, n1), (w2, n2), d_, grade, op, cx in (
        ((1, 2), (2, 1), 5, 4, "+", -0.2),
        ((3, 1), (1, 4), 6, 4, "+", -0.1),
        ((2, 3), (1, 3), 4, 5, "+", 0.0),
        ((1, 5), (2, 7), 8, 5, "+", 0.1),
        ((3, 1), (1, 3), 4, 5, "-", 0.3),
        ((5, 2), (2, 5), 6, 5, "-", 0.4),
    ):
        v = (
            (w1 + F(n1, d_)) + (w2 + F(n2, d_))
            if op == "+"
            else (w1 + F(n1, d_)) - (w2 + F(n2, d_))
        )
        raw_whole, raw_rest = divmod(v * d_, d_)
        accepted = [
            fmt_mixed(v),
            f"{int(raw_whole)} {int(raw_rest)}/{d_}" if raw_rest else str(int(raw_whole)),
            f"{v.numerator}/{v.denominator}",
        ]
        regroup = (op == "+" and n1 + n2 >= d_) or (op == "-" and n1 < n2)
        sign = "+" if op == "+" else "−"
        short(
            "fr.mixed",
            [MIXED, LIKE],
            grade,
            f"What is {w1} {n1}/{d_} {sign} {w2} {n2}/{d_}? Write a mixed number.",
            f"({w1}+{n1}/{d_}){op}({w2}+{n2}/{d_})",
            accepted[:2],
            cx,
            "regrouping a whole" if regroup else "no regrouping",
            f"{w1} {n1}/{d_} {sign} {w2} {n2}/{d_} = {fmt_mixed(v)}"
            + (" (regroup one whole as fourths/sixths/eighths)." if regroup else "."),
            1.5,
            ("mixed-operations",),
        )
    key = F(13, 4) - F(7, 4)
    choice(
        "fr.mixed",
        [MIXED],
        5,
        "What is 3 1/4 − 1 3/4?",
        fmt_mixed(key),
        _distinct(
            key,
            [
                ("2 1/2", F(5, 2), "You took 1/4 from 3/4 instead of regrouping a whole."),
                ("2 2/4", F(5, 2), ""),
                ("1 3/4", F(7, 4), RETRY),
                ("2", F(2), "You subtracted only the wholes."),
                ("1 1/4", F(5, 4), RETRY),
            ],
        ),
        0.5,
        "regrouping in subtraction, recognition",
        "Regroup: 3 1/4 = 2 5/4. Then 2 5/4 − 1 3/4 = 1 2/4 = 1 1/2.",
        1.5,
        ("mixed-operations",),
        expr="13/4-7/4",
    )

    # ------------------------------------------------- add/sub unlike denominators (G5)
    for (a, b), (c, d_), op, cx in (
        ((1, 2), (1, 3), "+", -0.4),
        ((1, 4), (2, 3), "+", 0.0),
        ((3, 5), (1, 10), "+", -0.2),
        ((2, 3), (1, 6), "+", -0.1),
        ((3, 4), (5, 6), "+", 0.4),
        ((3, 4), (1, 6), "-", 0.1),
        ((5, 6), (1, 4), "-", 0.2),
        ((7, 8), (1, 2), "-", -0.2),
        ((4, 5), (1, 3), "-", 0.2),
    ):
        v = F(a, b) + F(c, d_) if op == "+" else F(a, b) - F(c, d_)
        sign = "+" if op == "+" else "−"
        accepted = [fmt_fraction(v)] + ([fmt_mixed(v)] if v > 1 else [])
        short(
            "fr.unlike",
            [UNLIKE],
            5,
            f"What is {a}/{b} {sign} {c}/{d_}? Give your answer in simplest form.",
            f"{a}/{b}{op}{c}/{d_}",
            accepted,
            cx,
            "answer above one" if v > 1 else "finding a common denominator",
            f"Use the common denominator {math.lcm(b, d_)}: "
            f"{a}/{b} {sign} {c}/{d_} = {fmt_fraction(v)}"
            + (f" = {fmt_mixed(v)}." if v > 1 else "."),
            1.5,
            ("unlike-denominators",),
        )
    for (a, b), (c, d_) in (((1, 2), (1, 3)), ((1, 4), (2, 5)), ((2, 3), (1, 4))):
        key = F(a, b) + F(c, d_)
        cands = [
            (
                _frac_text(a + c, b + d_),
                F(a + c, b + d_),
                "You added the tops and the bottoms. Find a common denominator first.",
            ),
            (
                _frac_text(a + c, b * d_),
                F(a + c, b * d_),
                "You used a common denominator but did not change the numerators.",
            ),
            (
                _frac_text(a + c, max(b, d_)),
                F(a + c, max(b, d_)),
                "You kept the larger denominator without renaming the fractions.",
            ),
            (
                _frac_text(key.numerator + 1, key.denominator),
                F(key.numerator + 1, key.denominator),
                RETRY,
            ),
        ]
        choice(
            "fr.unlike",
            [UNLIKE],
            5,
            f"What is {a}/{b} + {c}/{d_}?",
            fmt_fraction(key),
            _distinct(key, cands),
            -0.1,
            "unlike denominators, recognition",
            f"Rename with denominator {key.denominator}: the sum is {fmt_fraction(key)}.",
            1.0,
            ("unlike-denominators",),
            expr=f"{a}/{b}+{c}/{d_}",
        )
    for prompt, expr, cx in (
        (
            "A recipe needs 1/2 cup of milk and 1/4 cup of water. How many cups of liquid is that "
            "in all? Give your answer in simplest form.",
            "1/2+1/4",
            -0.3,
        ),
        (
            "Kofi had 3/4 of a metre of string. He used 1/3 of a metre. How much string is left? "
            "Give your answer in simplest form.",
            "3/4-1/3",
            0.2,
        ),
    ):
        short(
            "fr.unlike",
            [UNLIKE],
            5,
            prompt,
            expr,
            [fmt_fraction(_f(expr))],
            cx,
            "unlike denominators in a story",
            f"{expr.replace('-', ' − ').replace('+', ' + ')} = {fmt_fraction(_f(expr))}.",
            1.5,
            ("word-problem",),
        )

    # -------------------------------------------------- multiply/divide fractions (G5-6)
    for expr, shown, cx in (
        ("3/4*8", "3/4 × 8", -0.3),
        ("2/5*15", "2/5 × 15", -0.1),
        ("5*2/3*3", "5 × 2/3 × 3", 0.3),
    ):
        numeric(
            "fr.muldiv",
            [MULDIV],
            5,
            f"What is {shown}?",
            expr,
            cx,
            "fraction times a whole number",
            f"{shown} = {fmt_number(_f(expr))}.",
            1.0,
            ("multiply",),
        )
    numeric(
        "fr.muldiv",
        [MULDIV, PARTS],
        5,
        "A class has 28 pupils. 3/4 of them walk to school. How many pupils walk to school?",
        "3/4*28",
        0.0,
        "fraction of a quantity",
        "28 ÷ 4 = 7 and 3 × 7 = 21.",
        1.0,
        ("fraction-of-set",),
    )
    for (a, b), (c, d_), cx in (
        ((2, 3), (3, 5), 0.0),
        ((3, 4), (2, 9), 0.3),
        ((5, 6), (3, 10), 0.4),
    ):
        v = F(a, b) * F(c, d_)
        short(
            "fr.muldiv",
            [MULDIV],
            5,
            f"What is {a}/{b} × {c}/{d_}? Give your answer in simplest form.",
            f"{a}/{b}*{c}/{d_}",
            [fmt_fraction(v)],
            cx,
            "multiply then simplify",
            f"Multiply tops and bottoms: {a * c}/{b * d_} = {fmt_fraction(v)}.",
            1.0,
            ("multiply",),
        )
    for (a, b), (c, d_) in (((2, 3), (4, 5)), ((1, 2), (3, 7))):
        key = F(a, b) * F(c, d_)
        cands = [
            (
                _frac_text(a * d_, b * c),
                F(a * d_, b * c),
                "You multiplied across diagonally; multiply top by top and bottom by bottom.",
            ),
            (_frac_text(a + c, b + d_), F(a + c, b + d_), "You added instead of multiplying."),
            (_frac_text(a * c, d_), F(a * c, d_), "Multiply the denominators as well."),
            (_frac_text(a * c, b + d_), F(a * c, b + d_), RETRY),
        ]
        choice(
            "fr.muldiv",
            [MULDIV],
            5,
            f"What is {a}/{b} × {c}/{d_}?",
            _frac_text(a * c, b * d_),
            _distinct(key, cands),
            0.0,
            "fraction times fraction, recognition",
            f"{a}/{b} × {c}/{d_} = {a * c}/{b * d_}.",
            1.0,
            ("multiply",),
            expr=f"{a}/{b}*{c}/{d_}",
        )
    for expr, shown, cx in (("(3/4)/(1/8)", "3/4 ÷ 1/8", 0.0), ("(2/3)/(1/6)", "2/3 ÷ 1/6", 0.1)):
        numeric(
            "fr.muldiv",
            [MULDIV],
            6,
            f"What is {shown}?",
            expr,
            cx,
            "dividing by a unit fraction",
            f"{shown} asks how many {shown.split('÷ ')[1]}s "
            f"fit in {shown.split(' ÷')[0]}: {fmt_number(_f(expr))}.",
            1.0,
            ("divide",),
        )
    for (a, b), n, cx in (((2, 3), 4, 0.2), ((3, 5), 6, 0.3)):
        v = F(a, b) / n
        short(
            "fr.muldiv",
            [MULDIV],
            6,
            f"What is {a}/{b} ÷ {n}? Give your answer in simplest form.",
            f"({a}/{b})/{n}",
            [fmt_fraction(v)],
            cx,
            "fraction divided by a whole",
            f"{a}/{b} ÷ {n} = {a}/{b} × 1/{n} = {fmt_fraction(v)}.",
            1.0,
            ("divide",),
        )
    numeric(
        "fr.muldiv",
        [MULDIV],
        6,
        "How many 1/4-cup servings are in 3 cups of rice?",
        "3/(1/4)",
        -0.1,
        "dividing a whole by a unit fraction",
        "Each cup has 4 quarter-cups, so 3 cups have 3 × 4 = 12.",
        1.0,
        ("divide",),
    )
    for (a, b), (c, d_) in (((3, 4), (1, 8)), ((2, 5), (1, 10))):
        key = F(a, b) / F(c, d_)
        cands = [
            (_frac_text(a * c, b * d_), F(a * c, b * d_), "You multiplied instead of dividing."),
            (
                _frac_text(b * c, a * d_),
                F(b * c, a * d_),
                "You flipped the first fraction instead of the second.",
            ),
            (fmt_number(key / 2), key / 2, RETRY),
            (fmt_number(key + 1), key + 1, RETRY),
        ]
        choice(
            "fr.muldiv",
            [MULDIV],
            6,
            f"What is {a}/{b} ÷ {c}/{d_}?",
            fmt_number(key),
            _distinct(key, cands),
            0.2,
            "dividing fractions, recognition",
            f"Multiply by the reciprocal: {a}/{b} × {d_}/{c} = {fmt_number(key)}.",
            1.0,
            ("divide",),
            expr=f"({a}/{b})/({c}/{d_})",
        )

    # ---------------------------------------------------- decimal place value (G4)
    for number, digit_pos, cx in (("3.47", 3, 0.0), ("52.6", 3, -0.3), ("8.05", 3, 0.2)):
        digit = number[digit_pos]
        place = len(number) - number.index(".") - 1 if digit_pos == len(number) - 1 else 1
        value = F(int(digit), 10**place)
        cands = [
            (
                fmt_number(int(digit) / F(10) ** p),
                int(digit) / F(10) ** p,
                "Look at which place the digit is in.",
            )
            for p in range(-1, 4)
            if p != place
        ]
        choice(
            "fr.dpv",
            [DPV],
            4,
            f"What is the value of the digit {digit} in {number}?",
            fmt_number(value),
            _distinct(value, cands),
            cx,
            "tenths vs hundredths",
            f"In {number} the {digit} is in the "
            f"{'tenths' if place == 1 else 'hundredths'} place: {fmt_number(value)}.",
            0.75,
            ("digit-value",),
            expr=f"{digit}/{10**place}",
        )
    for frac_text, cx in (("3/10", -0.4), ("45/100", -0.1), ("7/100", 0.3), ("2+5/10", 0.0)):
        shown = frac_text.replace("+", " and ")
        numeric(
            "fr.dpv",
            [DPV],
            4,
            f"Write {shown} as a decimal.",
            frac_text,
            cx,
            "hundredths with a zero in the tenths"
            if frac_text == "7/100"
            else "tenths and hundredths",
            f"{shown} = {fmt_number(_f(frac_text))}.",
            0.75,
            ("fraction-to-decimal",),
        )
    for frac_text in ("7/100", "4/100"):
        key = _f(frac_text)
        cands = [
            (fmt_number(key * 10), key * 10, "That is tenths, not hundredths."),
            (fmt_number(key / 10), key / 10, "That is thousandths."),
            (fmt_number(key * 100), key * 100, "That is a whole number."),
        ]
        choice(
            "fr.dpv",
            [DPV],
            4,
            f"Which decimal is equal to {frac_text}?",
            fmt_number(key),
            _distinct(key, cands),
            0.2,
            "zero placeholder in the tenths",
            f"{frac_text} is {int(key * 100)} hundredths: {fmt_number(key)}.",
            0.75,
            ("fraction-to-decimal",),
            expr=frac_text,
        )
    for dec, cx in (("0.6", -0.3), ("0.9", -0.3)):
        short(
            "fr.dpv",
            [DPV],
            4,
            f"Write {dec} as a fraction with denominator 10.",
            dec,
            [f"{int(F(dec) * 10)}/10"],
            cx,
            "decimal to tenths",
            f"{dec} is {int(F(dec) * 10)} tenths.",
            0.75,
            ("decimal-to-fraction",),
        )
    numeric(
        "fr.dpv",
        [DPV],
        4,
        "How many hundredths are in 0.3?",
        "0.3*100",
        0.4,
        "renaming tenths as hundredths",
        "0.3 = 3 tenths = 30 hundredths.",
        0.75,
        ("renaming",),
    )
    for expr, shown in (("0.4+0.05", "0.4 + 0.05"), ("2+0.3+0.08", "2 + 0.3 + 0.08")):
        numeric(
            "fr.dpv",
            [DPV],
            4,
            f"What is {shown}?",
            expr,
            0.1,
            "combining places",
            f"{shown} = {fmt_number(_f(expr))}.",
            0.75,
            ("expanded-form",),
        )
    for words, expr in (("thirty-seven hundredths", "37/100"), ("six and four tenths", "6+4/10")):
        numeric(
            "fr.dpv",
            [DPV],
            4,
            f"Write '{words}' as a decimal.",
            expr,
            0.2,
            "decimal words",
            f"{words} = {fmt_number(_f(expr))}.",
            0.75,
            ("decimal-words",),
        )

    # ------------------------------------------------ comparing and rounding decimals
    dec_greater: dict[str, str] = {}
    for a, b, grade, cx in (
        ("0.5", "0.45", 4, 0.4),
        ("0.7", "0.65", 4, 0.3),
        ("2.09", "2.1", 4, 0.4),
        ("0.3", "0.30", 4, 0.3),
    ):
        va, vb = F(a), F(b)
        if va == vb:
            key, d = (
                EQUAL,
                [
                    (a, "Adding a zero at the end does not change the value."),
                    (b, "Adding a zero at the end does not change the value."),
                ],
            )
        else:
            key = a if va > vb else b
            other = b if key == a else a
            d = [
                (other, "A longer decimal is not always larger: compare tenths first."),
                (EQUAL, "These decimals are not equal."),
            ]
        dec_greater[a] = choice(
            "fr.dcomp",
            [DCOMP],
            grade,
            f"Which is greater: {a} or {b}?",
            key,
            d,
            cx,
            "longer-is-larger misconception",
            f"Compare tenths first: {a} = {fmt_number(va)}, {b} = {fmt_number(vb)}.",
            0.75,
            ("compare", f"compare:{a},{b}"),
        )
    for decs in (("0.4", "0.25", "0.375"), ("1.2", "1.09", "1.15")):
        vals = sorted(decs, key=F)
        wrongs = [
            sorted(decs, key=len),
            list(reversed(vals)),
            [vals[1], vals[0], vals[2]],
            [vals[0], vals[2], vals[1]],
        ]
        d = []
        for w in wrongs:
            text = ", ".join(w)
            if w != vals and text not in (t for t, _ in d) and len(d) < 3:
                d.append((text, "Compare tenths first, then hundredths."))
        choice(
            "fr.dcomp",
            [DCOMP],
            5,
            "Which list is in order from smallest to largest?",
            ", ".join(vals),
            d,
            0.2,
            "ordering decimals of different lengths",
            f"Write them with the same number of places: {', '.join(vals)}.",
            1.0,
            ("order", "order:ascending"),
        )
    for n, unit, grade, cx in (
        ("3.46", "0.1", 5, -0.1),
        ("7.25", "0.1", 5, 0.2),
        ("9.96", "0.1", 5, 0.5),
        ("4.7", "1", 4, -0.4),
        ("12.5", "1", 4, 0.0),
        ("8.39", "1", 4, -0.2),
    ):
        place = "tenth" if unit == "0.1" else "whole number"
        numeric(
            "fr.dcomp",
            [DCOMP],
            grade,
            f"Round {n} to the nearest {place}.",
            f"roundto({n},{unit})",
            cx,
            "rounding into the next whole"
            if n == "9.96"
            else ("halfway rounds up" if n in ("7.25", "12.5") else f"rounding to a {place}"),
            f"{n} rounds to {fmt_number(evaluate(f'roundto({n},{unit})'))}.",
            0.75,
            ("rounding",),
        )
    for lo, hi in (("0.3", "0.4"), ("2.6", "2.7")):
        mid = (F(lo) + F(hi)) / 2
        cands = [
            (fmt_number(mid + F(1, 10)), mid + F(1, 10), f"That is more than {hi}."),
            (fmt_number(mid / 10), mid / 10, f"That is less than {lo}."),
            (fmt_number(mid * 10), mid * 10, "Check the place of the decimal point."),
        ]
        choice(
            "fr.dcomp",
            [DCOMP],
            5,
            f"Which decimal is between {lo} and {hi}?",
            fmt_number(mid),
            _distinct(mid, cands),
            0.2,
            "hundredths between tenths",
            f"{lo} = {lo}0 and {hi} = {hi}0, so {fmt_number(mid)} is between them.",
            0.75,
            ("between",),
            expr=f"({lo}+{hi})/2",
        )

    # ---------------------------------------------------- add/sub decimals (G5)
    for a, op, b, cx in (
        ("3.45", "+", "2.7", 0.1),
        ("0.8", "+", "0.6", -0.3),
        ("12.5", "+", "3.75", 0.1),
        ("6.09", "+", "1.3", 0.2),
        ("8.2", "-", "3.57", 0.4),
        ("5.6", "-", "2.3", -0.4),
        ("10", "-", "4.35", 0.5),
        ("7.45", "-", "0.8", 0.2),
    ):
        sign = "+" if op == "+" else "−"
        expr = f"{a}{op}{b}"
        numeric(
            "fr.dadd",
            [DADD],
            5,
            f"What is {a} {sign} {b}?",
            expr,
            cx,
            "different numbers of decimal places"
            if len(a.split(".")[-1]) != len(b.split(".")[-1])
            else "same number of decimal places",
            f"Line up the decimal points: {a} {sign} {b} = {fmt_number(_f(expr))}.",
            1.0,
            ("line-up-points",),
        )
    for items, cx in ((("2.35", "4.80"), 0.0), (("1.99", "0.75"), 0.2)):
        total = sum(F(x) for x in items)
        numeric(
            "fr.dadd",
            [DADD],
            5,
            f"A pen costs ${items[0]} and a notebook costs "
            f"${items[1]}. How many dollars do they cost together?",
            "+".join(items),
            cx,
            "money",
            f"{items[0]} + {items[1]} = {fmt_number(total)} dollars.",
            1.0,
            ("money",),
        )
    for a, b in (("3.45", "2.7"), ("5.3", "1.25"), ("4.6", "2.85")):
        key = F(a) + F(b)
        short_one, long_one = (b, a) if len(a) > len(b) else (a, b)
        misaligned = F(long_one) + F(short_one) / 10
        cands = [
            (
                fmt_number(misaligned),
                misaligned,
                "You lined up the last digits instead of the decimal points.",
            ),
            (fmt_number(key * 10), key * 10, "Check where the decimal point goes."),
            (fmt_number(key - 1), key - 1, "You forgot to carry into the ones."),
            (fmt_number(key + F(1, 10)), key + F(1, 10), RETRY),
        ]
        choice(
            "fr.dadd",
            [DADD],
            5,
            f"What is {a} + {b}?",
            fmt_number(key),
            _distinct(key, cands),
            0.1,
            "lining up decimal points, recognition",
            f"Write {short_one} as {short_one}0 and line up the points: {fmt_number(key)}.",
            1.0,
            ("line-up-points",),
            expr=f"{a}+{b}",
        )

    # ---------------------------------------------- multiply/divide decimals (G5-6)
    for expr, shown, grade, cx in (
        ("4.2*10", "4.2 × 10", 5, -0.5),
        ("3.5*100", "3.5 × 100", 5, -0.3),
        ("56.3/10", "56.3 ÷ 10", 5, -0.2),
        ("0.6*7", "0.6 × 7", 5, 0.0),
        ("2.5*4", "2.5 × 4", 5, 0.0),
        ("1.2*0.3", "1.2 × 0.3", 6, 0.0),
        ("0.25*0.4", "0.25 × 0.4", 6, 0.3),
        ("6.3/3", "6.3 ÷ 3", 5, 0.1),
        ("4.8/0.6", "4.8 ÷ 0.6", 6, 0.1),
        ("7.5/0.5", "7.5 ÷ 0.5", 6, 0.2),
        ("0.36/0.04", "0.36 ÷ 0.04", 6, 0.4),
    ):
        numeric(
            "fr.dmul",
            [DMUL],
            grade,
            f"What is {shown}?",
            expr,
            cx,
            "dividing by a decimal"
            if "/0." in expr
            else (
                "decimal times decimal"
                if expr.count(".") == 2 and "*" in expr
                else "decimal by a whole number or power of ten"
            ),
            f"{shown} = {fmt_number(_f(expr))}.",
            1.0,
            ("decimal-operations",),
        )
    for a, b in (("0.3", "0.4"), ("0.2", "0.6"), ("1.5", "0.3")):
        key = F(a) * F(b)
        cands = [
            (fmt_number(key * 10), key * 10, "Count the decimal places in both factors."),
            (fmt_number(key / 10), key / 10, "Too many decimal places."),
            (fmt_number(F(a) + F(b)), F(a) + F(b), "You added instead of multiplying."),
        ]
        choice(
            "fr.dmul",
            [DMUL],
            6,
            f"What is {a} × {b}?",
            fmt_number(key),
            _distinct(key, cands),
            0.1,
            "placing the decimal point in a product",
            f"{a[-1] if a.startswith('0') else a.replace('.', '')} × {b[-1]} = "
            f"{int(key * 100)}, and there are two decimal places: {fmt_number(key)}.",
            1.0,
            ("decimal-operations",),
            expr=f"{a}*{b}",
        )

    # ---------------------------------------- fractions, decimals and percents (G6)
    conv_ids = {}
    for frac_text, cx in (("1/2", -0.5), ("3/4", -0.2), ("2/5", 0.0), ("7/20", 0.3)):
        conv_ids[frac_text] = numeric(
            "fr.conv",
            [CONV],
            6,
            f"Write {frac_text} as a percent. (Give the number only.)",
            f"{frac_text}*100",
            cx,
            "denominator not a factor of 100" if frac_text == "7/20" else "fraction to percent",
            f"{frac_text} = {fmt_number(_f(frac_text) * 100)}/100 ="
            f" {fmt_number(_f(frac_text) * 100)}%.",
            1.0,
            ("to-percent",),
        )
    for frac_text, cx in (("3/8", 0.3), ("1/4", -0.3), ("4/5", -0.2)):
        numeric(
            "fr.conv",
            [CONV],
            6,
            f"Write {frac_text} as a decimal.",
            frac_text,
            cx,
            "three decimal places" if frac_text == "3/8" else "fraction to decimal",
            f"{frac_text} = {fmt_number(_f(frac_text))}.",
            1.0,
            ("to-decimal",),
        )
    for dec, cx in (("0.35", 0.2), ("0.6", -0.2), ("0.125", 0.5)):
        short(
            "fr.conv",
            [CONV, EQUIV],
            6,
            f"Write {dec} as a fraction in simplest form.",
            dec,
            [fmt_fraction(F(dec))],
            cx,
            "decimal to fraction, then simplify",
            f"{dec} = {int(F(dec) * 10 ** (len(dec) - 2))}/{10 ** (len(dec) - 2)} = "
            f"{fmt_fraction(F(dec))}.",
            1.0,
            ("to-fraction",),
        )
    for pct, of, cx in (
        (25, 80, -0.2),
        (10, 350, -0.4),
        (50, 46, -0.3),
        (75, 120, 0.2),
        (20, 45, 0.1),
        (15, 60, 0.4),
    ):
        numeric(
            "fr.conv",
            [CONV],
            6,
            f"What is {pct}% of {of}?",
            f"{pct}/100*{of}",
            cx,
            "percent of a quantity",
            f"{pct}% = {fmt_fraction(F(pct, 100))}, and "
            f"{fmt_fraction(F(pct, 100))} of {of} is {fmt_number(F(pct, 100) * of)}.",
            1.0,
            ("percent-of",),
        )
    for frac_text in ("2/5", "3/4"):
        key = _f(frac_text)
        num, den = (int(x) for x in frac_text.split("/"))
        cands = [
            (
                f"{num}.{den}",
                F(f"{num}.{den}"),
                "The digits of a fraction are not the digits of its decimal.",
            ),
            (
                f"0.{num}",
                F(f"0.{num}"),
                f"The numerator alone is not the decimal; divide {num} by {den}.",
            ),
            (fmt_number(key / 10), key / 10, "Check the place value."),
        ]
        mc = choice(
            "fr.conv",
            [CONV],
            6,
            f"Which decimal is equal to {frac_text}?",
            fmt_number(key),
            _distinct(key, cands),
            -0.1,
            "fraction to decimal, recognition",
            f"{frac_text} = {num} ÷ {den} = {fmt_number(key)}.",
            0.75,
            ("to-decimal",),
            expr=frac_text,
        )
        if frac_text in conv_ids:
            bb.enemies(mc, conv_ids[frac_text])
    choice(
        "fr.conv",
        [CONV],
        6,
        "Which is the largest?",
        "5/8",
        [("0.6", "0.6 = 0.600 and 5/8 = 0.625."), ("58%", "58% = 0.58.")],
        0.4,
        "comparing across forms",
        "As decimals: 0.6, 0.625 and 0.58, so 5/8 is largest.",
        1.0,
        ("compare-forms",),
        expr="max(0.6,5/8,0.58)",
    )

    # ------------------------------------------------- partial credit family (GPCM)
    p = "fr.task"
    rubric_item(
        p,
        [COMP, UNIT],
        3,
        "Leo says 1/5 is bigger than 1/3 because 5 is bigger than "
        "3. Is he right? Explain your answer. You may draw a picture.",
        0.5,
        "explaining a misconception",
        "Leo is wrong: 1/3 is bigger, because a whole cut "
        "into 3 equal parts has bigger parts than a whole cut into 5.",
        [
            "Says Leo is right, or no answer.",
            "Says Leo is wrong (1/3 is bigger) but gives no reason or an unclear one.",
            "Says 1/3 is bigger and explains that more parts means smaller parts (words "
            "or a correct drawing).",
        ],
        tags=("explain",),
    )
    rubric_item(
        p,
        [EQUIV],
        4,
        "Show two different ways that 2/3 and 8/12 are equivalent.",
        0.3,
        "two representations",
        "Multiply top and bottom of 2/3 by 4 to get 8/12; "
        "or divide 8/12 by 4/4; or draw two equal bars.",
        [
            "No correct method.",
            "One correct method (for example 2 × 4 = 8 and 3 × 4 = 12).",
            "Two different correct methods (for example multiplying and a drawing or simplifying).",
        ],
        tags=("explain",),
    )
    rubric_item(
        p,
        [LIKE],
        4,
        "Ana ate 2/8 of a pizza and Ben ate 3/8 of it. What fraction of "
        "the pizza did they eat together? What fraction is left? Show your working.",
        0.0,
        "two-step like fractions",
        "Together 2/8 + 3/8 = 5/8; left 8/8 − 5/8 = 3/8.",
        [
            "Neither part correct.",
            "One part correct: 5/8 eaten, or a left-over "
            "fraction that follows correctly from their total.",
            "Both correct: 5/8 eaten and 3/8 left.",
        ],
        expr="1-(2/8+3/8)",
        tags=("two-step",),
    )
    e1 = rubric_item(
        p,
        [DCOMP, DPV],
        4,
        "Explain why 0.5 is greater than 0.45. Use tenths or hundredths in your explanation.",
        0.5,
        "place-value explanation",
        "0.5 = 0.50 = 50 hundredths, and 50 hundredths is more than 45 hundredths "
        "(or: 5 tenths is more than 4 tenths).",
        [
            "No explanation, or says 0.45 is greater.",
            "Correct comparison with a weak reason (for example '5 is bigger than 4').",
            "Correct comparison using tenths or hundredths (0.50 vs 0.45).",
        ],
        tags=("explain",),
    )
    bb.enemies(e1, dec_greater["0.5"])
    rubric_item(
        p,
        [MIXED, LIKE],
        5,
        "A ribbon is 5 1/2 metres long. Lena cuts off 1 3/4 metres "
        "and then 2 1/4 metres. How much ribbon is left? Show your working.",
        0.2,
        "two subtractions with mixed numbers",
        "1 3/4 + 2 1/4 = 4 metres cut off; 5 1/2 − 4 = 1 1/2 metres left.",
        [
            "No correct step.",
            "One step correct (4 metres cut, or a correct "
            "subtraction), or the right plan with one slip.",
            "1 1/2 metres left with working.",
        ],
        expr="(5+1/2)-(1+3/4)-(2+1/4)",
        tags=("two-step",),
    )
    rubric_item(
        p,
        [UNLIKE],
        5,
        "Sam ate 1/4 of a pizza and Ana ate 1/3 of the same pizza. "
        "How much of the pizza did they eat together, and how much is left? Show your "
        "working.",
        0.4,
        "two-step unlike fractions",
        "1/4 + 1/3 = 3/12 + 4/12 = 7/12 eaten; 12/12 − 7/12 = 5/12 left.",
        [
            "Neither part correct (for example 2/7).",
            "7/12 eaten, or a left-over amount that follows correctly from their total.",
            "Both correct: 7/12 eaten and 5/12 left.",
        ],
        tags=("two-step",),
    )
    rubric_item(
        p,
        [DADD],
        5,
        "Tom runs 2.4 km on Monday and 3.75 km on Tuesday. His goal for "
        "the two days is 8 km. How much further does he need to run? Show your working.",
        0.2,
        "add then subtract decimals",
        "2.4 + 3.75 = 6.15 km; 8 − 6.15 = 1.85 km.",
        [
            "No correct step.",
            "One step correct (6.15 km run so far) or the right plan "
            "with one slip (for example misaligned decimal points).",
            "1.85 km with working.",
        ],
        expr="8-(2.4+3.75)",
        tags=("two-step",),
    )
    rubric_item(
        p,
        [DMUL, DADD],
        6,
        "Juice costs $1.25 a bottle. Mia buys 4 bottles and pays "
        "with a $10 note. How much change does she get? Show your working.",
        -0.2,
        "multiply then subtract money",
        "4 × $1.25 = $5.00; $10 − $5 = $5.00 change.",
        [
            "No correct step.",
            "One step correct ($5.00 for the juice) or the right plan with one slip.",
            "$5.00 change with working.",
        ],
        expr="10-4*1.25",
        tags=("two-step", "money"),
    )
    rubric_item(
        p,
        [CONV],
        6,
        "A jacket costs $40. In a sale the price is cut by 25%. What is "
        "the sale price? Show your working.",
        0.0,
        "percent decrease",
        "25% of $40 is $10; $40 − $10 = $30.",
        [
            "No correct step.",
            "Finds the discount ($10) but not the sale price, or uses "
            "the right plan with one slip.",
            "$30 with working.",
        ],
        expr="40-25/100*40",
        tags=("two-step", "money"),
    )
    rubric_item(
        p,
        [MULDIV],
        6,
        "A 3/4 kg bag of rice is shared into portions of 1/8 kg. How "
        "many portions are there? After 2 portions are eaten, how many kilograms of rice "
        "are left? Show your working.",
        0.4,
        "division then subtraction",
        "3/4 ÷ 1/8 = 6 portions; 4 portions are left, which is 4/8 = 1/2 kg.",
        [
            "No correct step.",
            "6 portions, or a left-over amount that follows correctly "
            "from their number of portions.",
            "6 portions and 1/2 kg left.",
        ],
        expr="3/4-2*(1/8)",
        tags=("two-step",),
    )
    rubric_item(
        p,
        [CONV, DMUL],
        6,
        "Which is the better buy: 3 notebooks for $4.50 or 5 "
        "notebooks for $7.00? Explain how you know.",
        0.5,
        "unit price comparison",
        "$4.50 ÷ 3 = $1.50 each and $7.00 ÷ 5 = $1.40 each, so 5 for $7.00 is the better buy.",
        [
            "No correct comparison.",
            "Finds one unit price correctly, or chooses correctly with an incomplete reason.",
            "Chooses 5 for $7.00 and shows both unit prices ($1.50 and $1.40).",
        ],
        tags=("explain", "money"),
    )
    return bb
