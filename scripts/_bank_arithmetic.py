"""Arithmetic bank: number sense to multi-digit operations, grades 1-6.

Every numeric key is computed here and carried in an ``expr:`` tag that the verifier (and the
test suite) recompute independently. Multiple-choice distractors are produced by simulating
well-known "buggy algorithms" (Brown & Burton 1978): adding without carrying, subtracting
the smaller digit from the larger, forgetting to shift a partial product, working an
expression left to right, and so on.
"""

from __future__ import annotations

from fractions import Fraction

from _bank_kit import (
    BankBuilder,
    fmt_number,
    mc_distractors,
    svg_base_ten,
    svg_dot_array,
    svg_ten_frames,
)

SEED = 20240601

COUNT = "arith.counting"
PV = "arith.place_value"
AS20 = "arith.add_sub_20"
AS100 = "arith.add_sub_100"
ROUND = "arith.rounding_estimation"
MDAS = "arith.multidigit_add_sub"
MULT = "arith.multiplication_facts"
DIV = "arith.division_facts"
MDM = "arith.multidigit_multiplication"
DIVR = "arith.division_remainders"
OOO = "arith.order_of_operations"
WORD = "arith.word_problems"

NAMES = ["Mia", "Leo", "Amara", "Sam", "Priya", "Tomás", "Kofi", "Lena", "Yuki", "Omar", "Zoe"]
ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """English words for 0 <= n < 1000 (no 'and')."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")
    rest = n % 100
    return f"{ONES[n // 100]} hundred" + (f" {number_words(rest)}" if rest else "")


def _digits(n: int, width: int) -> list[int]:
    return [(n // 10**i) % 10 for i in range(width)]


def add_no_carry(a: int, b: int) -> int:
    """Column addition that drops every carried ten."""
    w = len(str(max(a, b)))
    return sum(
        ((x + y) % 10) * 10**i
        for i, (x, y) in enumerate(zip(_digits(a, w), _digits(b, w), strict=True))
    )


def sub_smaller_from_larger(a: int, b: int) -> int:
    """Column subtraction that takes the smaller digit from the larger in every column."""
    w = len(str(a))
    return sum(
        abs(x - y) * 10**i
        for i, (x, y) in enumerate(zip(_digits(a, w), _digits(b, w), strict=True))
    )


def sub_no_decrement(a: int, b: int) -> int:
    """Borrows a ten for a column but forgets to reduce the next column."""
    w = len(str(a))
    return sum(
        ((x - y) % 10) * 10**i
        for i, (x, y) in enumerate(zip(_digits(a, w), _digits(b, w), strict=True))
    )


def mult_no_shift(a: int, b: int) -> int:
    """Long multiplication that forgets to shift the tens partial product."""
    return a * (b % 10) + a * (b // 10)


def needs_carry(a: int, b: int) -> bool:
    return add_no_carry(a, b) != a + b


def needs_borrow(a: int, b: int) -> bool:
    return sub_smaller_from_larger(a, b) != a - b


FALLBACK_FEEDBACK = "Check each column again; this answer is a little off."


def _fallback(key: int, steps: tuple[int, ...] = (10, 1, 100, 2)) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for s in steps:
        out += [(key + s, FALLBACK_FEEDBACK), (key - s, FALLBACK_FEEDBACK)]
    return out


def build() -> BankBuilder:
    bb = BankBuilder(
        {
            "id": "arithmetic",
            "title": "Arithmetic: number sense to multi-digit operations",
            "description": (
                "Whole-number arithmetic for grades 1-6: counting and place value, addition "
                "and subtraction within 20, within 100 and with multi-digit numbers, "
                "multiplication and division facts, multi-digit multiplication, division "
                "with remainders, rounding and estimation, order of operations and one- and "
                "two-step word problems (two-step problems are scored 0-2 with a rubric)."
            ),
            "subject": "mathematics",
            "language": "en",
            "grade_range": [1, 6],
            "scale": {
                "D": 1.0,
                "note": "Logistic metric; theta 0 is the typical learner midway through "
                "primary school (grade 3.5); one grade is about 0.8 logits.",
            },
        },
        SEED,
    )
    bb.skill(
        COUNT,
        "Counting and number sequences",
        1,
        "Count forwards, skip-count by 2, 5 and 10, one/ten more and less, compare numbers.",
    )
    bb.skill(
        PV,
        "Place value",
        1,
        "Tens and ones, hundreds, expanded form, the value of a digit.",
        [COUNT],
    )
    bb.skill(
        AS20,
        "Addition and subtraction within 20",
        1,
        "Number facts to 20, bridging through ten, missing addends.",
        [COUNT],
    )
    bb.skill(
        AS100,
        "Addition and subtraction within 100",
        2,
        "Two-digit addition and subtraction with and without regrouping.",
        [AS20, PV],
    )
    bb.skill(
        ROUND,
        "Rounding and estimation",
        3,
        "Round to the nearest 10, 100 and 1000; estimate sums and products.",
        [PV, AS100],
    )
    bb.skill(
        MDAS,
        "Multi-digit addition and subtraction",
        3,
        "Column addition and subtraction of 3- and 4-digit numbers with regrouping.",
        [AS100],
    )
    bb.skill(
        MULT,
        "Multiplication facts",
        3,
        "Times tables to 10 x 10, arrays, missing factors.",
        [AS100],
    )
    bb.skill(
        DIV,
        "Division facts",
        3,
        "Division as sharing and grouping; inverse of the times tables.",
        [MULT],
    )
    bb.skill(
        MDM,
        "Multi-digit multiplication",
        4,
        "Multiplying by 10 and 100, 2- and 3-digit by 1-digit, 2-digit by 2-digit.",
        [MULT, MDAS],
    )
    bb.skill(
        DIVR,
        "Division with remainders",
        4,
        "Quotient and remainder, interpreting remainders, long division.",
        [DIV, MDAS],
    )
    bb.skill(
        OOO,
        "Order of operations",
        5,
        "Brackets first, then multiplication and division, then addition and subtraction; "
        "squares in grade 6.",
        [MDM, DIVR],
    )
    bb.skill(
        WORD, "Word problems", 2, "One-step and two-step problems in everyday contexts.", [AS100]
    )

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
        value = _value(expr)
        return bb.add(
            item_id=bb.next_id(prefix),
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
            **kw,
        )  # type: ignore[arg-type]

    def choice(
        prefix: str,
        skills: list[str],
        grade: int,
        prompt: str,
        expr: str,
        distractors: list[tuple[str, str]],
        cx: float,
        why: str,
        expl: str,
        minutes: float = 1.0,
        tags: tuple[str, ...] = (),
        **kw: object,
    ) -> str:
        key = fmt_number(_value(expr))
        return bb.add(
            item_id=bb.next_id(prefix),
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
        )  # type: ignore[arg-type]

    # ------------------------------------------------------------------ counting (G1)
    for start, cx in ((34, -0.7), (61, -0.6), (57, 0.1), (97, 0.4)):
        seq = ", ".join(str(start + i) for i in range(3))
        numeric(
            "ar.count",
            [COUNT],
            1,
            f"What number comes next? {seq}, __",
            f"{start + 2}+1",
            cx,
            "crosses a decade or a hundred"
            if (start + 3) % 10 == 0
            else "counting on by ones inside a decade",
            f"Count on by one: after {start + 2} comes {start + 3}.",
            0.5,
            ("sequence",),
        )
    for step, start, cx in (
        (2, 12, -0.3),
        (5, 15, -0.2),
        (10, 30, -0.5),
        (10, 13, 0.4),
        (5, 45, 0.1),
        (2, 36, 0.0),
    ):
        seq = ", ".join(str(start + i * step) for i in range(4))
        numeric(
            "ar.count",
            [COUNT],
            1,
            f"Count by {step}s. What number comes next? {seq}, __",
            f"{start + 3 * step}+{step}",
            cx,
            "skip-counting from a number that is not a multiple of the step"
            if start % step
            else f"skip-counting by {step}s",
            f"Each number is {step} more than the one before: "
            f"{start + 3 * step} + {step} = {start + 4 * step}.",
            0.75,
            ("skip-counting",),
        )
    for n, delta, cx in ((46, 10, -0.2), (70, -1, 0.2), (83, -10, 0.1), (79, 1, 0.3)):
        word = "more" if delta > 0 else "less"
        numeric(
            "ar.count",
            [COUNT],
            1,
            f"What number is {abs(delta)} {word} than {n}?",
            f"{n}{delta:+d}",
            cx,
            "one/ten more or less, crossing a decade"
            if (n % 10 in (0, 9))
            else "one/ten more or less",
            f"{abs(delta)} {word} than {n} is {n + delta}.",
            0.5,
            ("number-sense",),
        )
    for nums, most in (
        ((58, 85, 49, 80), True),
        ((71, 17, 27, 70), False),
        ((39, 93, 90, 63), True),
        ((46, 64, 40, 56), False),
    ):
        key = max(nums) if most else min(nums)
        word = "greatest" if most else "smallest"
        fn = "max" if most else "min"
        d = [
            (str(n), f"{n} is not the {word}: compare the tens digits first.")
            for n in nums
            if n != key
        ]
        choice(
            "ar.count",
            [COUNT],
            1,
            f"Which number is the {word}?",
            f"{fn}({','.join(map(str, nums))})",
            d,
            0.0,
            "digit reversals among the choices",
            f"Compare the tens first: {key} is the {word}.",
            0.5,
            ("compare",),
        )
    for n, cx in ((13, -0.4), (17, -0.2)):
        uri = bb.media(f"media/ten_frames_{n}.svg", svg_ten_frames(n))
        numeric(
            "ar.count",
            [COUNT],
            1,
            "How many dots are on the ten-frames?",
            f"{n}",
            cx,
            "counting with a full ten-frame",
            f"One full ten-frame is 10, and {n - 10} more makes {n}.",
            0.5,
            ("ten-frame",),
            media=[
                {
                    "type": "image",
                    "uri": uri,
                    "alt": f"Two ten-frames: the first has all "
                    f"10 boxes filled with dots, the second has {n - 10} dots.",
                }
            ],
        )
    for n, cx in ((56, 0.2), (19, 0.0)):
        w = number_words(n)
        bb.add(
            item_id=bb.next_id("ar.count"),
            skills=[COUNT],
            grade=1,
            kind="short_answer",
            prompt=f"Write the number {n} in words.",
            complexity=cx,
            why="spelling number words",
            explanation=f"{n} is written '{w}'.",
            minutes=1.0,
            tags=("number-words",),
            accepted=[w, w.replace("-", " ")],
        )

    # --------------------------------------------------------------- place value (G1-2)
    for tens, ones, order, cx in ((4, 7, "to", -0.4), (6, 0, "to", 0.1), (5, 2, "ot", 0.5)):
        text = f"{tens} tens and {ones} ones" if order == "to" else f"{ones} ones and {tens} tens"
        numeric(
            "ar.pv",
            [PV],
            1,
            f"What number has {text}?",
            f"{tens}*10+{ones}",
            cx,
            "ones named first"
            if order == "ot"
            else ("zero ones" if ones == 0 else "tens and ones in order"),
            f"{tens} tens is {tens * 10}; add {ones} ones to get {tens * 10 + ones}.",
            0.5,
            ("tens-ones",),
        )
    for n in (58, 93):
        t, o = divmod(n, 10)
        bb.add(
            item_id=bb.next_id("ar.pv"),
            skills=[PV],
            grade=1,
            kind="multiple_choice",
            prompt=f"How many tens are in the number {n}?",
            complexity=0.0,
            why="counting tens, not the value of the tens digit",
            explanation=f"{n} is {t} tens and {o} ones.",
            minutes=0.5,
            tags=("tens-ones",),
            key=str(t),
            expr=f"{n}//10",
            distractors=[
                (str(o), "That is the number of ones."),
                (str(t * 10), f"{t * 10} is the value of the tens digit; it is {t} tens."),
                (str(n), "That is the whole number."),
            ],
        )
    for n, pos, cx in ((472, 1, -0.3), (835, 2, -0.1), (609, 0, -0.4), (270, 1, 0.3)):
        digit = (n // 10**pos) % 10
        numeric(
            "ar.pv",
            [PV],
            2,
            f"What is the value of the digit {digit} in {n}?",
            f"{digit}*{10**pos}",
            cx,
            "zero digit in the number" if "0" in str(n) else "three-digit place value",
            f"In {n} the {digit} is in the {['ones', 'tens', 'hundreds'][pos]} place, so "
            f"it is worth {digit * 10**pos}.",
            0.75,
            ("digit-value",),
        )
    for parts, cx in (((300, 40, 6), -0.4), ((700, 0, 8), 0.4), ((900, 90, 9), -0.2)):
        shown = " + ".join(str(p) for p in parts if p)
        numeric(
            "ar.pv",
            [PV],
            2,
            f"What is {shown}?",
            shown.replace(" ", ""),
            cx,
            "missing tens in expanded form" if 0 in parts else "expanded form",
            f"Put the hundreds, tens and ones together: {sum(parts)}.",
            0.75,
            ("expanded-form",),
        )
    for h, t, o in ((6, 0, 4), (3, 5, 0)):
        n = 100 * h + 10 * t + o
        wrong = sorted(
            {int(f"{h}{t}{o}".replace("0", "")), 100 * h + 10 * o + t, int(f"{h}00{10 * t + o}")}
            - {n}
        )
        d = [(str(w), "Check each place: hundreds, then tens, then ones.") for w in wrong]
        choice(
            "ar.pv",
            [PV],
            2,
            f"Which number has {h} hundreds, {t} tens and {o} ones?",
            f"{h}*100+{t}*10+{o}",
            d[:3],
            0.3,
            "a zero digit as placeholder",
            f"{h} hundreds, {t} tens and {o} ones make {n}; the 0 holds its place.",
            0.75,
            ("digit-value",),
        )
    for n in (538, 206):
        parts = [p for p in (n // 100 * 100, n // 10 % 10 * 10, n % 10) if p]
        ans = " + ".join(map(str, parts))
        bb.add(
            item_id=bb.next_id("ar.pv"),
            skills=[PV],
            grade=2,
            kind="short_answer",
            prompt=f"Write {n} in expanded form (for example 400 + 20 + 1).",
            complexity=0.3 if 0 in (n // 10 % 10, n % 10) else 0.0,
            why="expanded form with a zero digit" if n % 100 < 10 else "expanded form",
            explanation=f"{n} = {ans}.",
            minutes=1.0,
            tags=("expanded-form",),
            accepted=[ans, ans.replace(" ", "")],
        )
    for h, t, o in ((2, 3, 5), (1, 4, 7)):
        uri = bb.media(f"media/base_ten_{h}{t}{o}.svg", svg_base_ten(h, t, o))
        numeric(
            "ar.pv",
            [PV],
            2,
            "The picture shows base-ten blocks: hundreds squares, tens "
            "rods and ones cubes. What number do they show?",
            f"{h}*100+{t}*10+{o}",
            -0.3,
            "reading base-ten blocks",
            f"{h} hundreds, {t} tens and {o} ones make {100 * h + 10 * t + o}.",
            0.75,
            ("base-ten-blocks",),
            media=[
                {
                    "type": "image",
                    "uri": uri,
                    "alt": f"{h} hundreds squares, {t} tens rods and {o} ones cubes.",
                }
            ],
        )
    for a, b in ((462, 426), (389, 398)):
        key = ">" if a > b else "<"
        bb.add(
            item_id=bb.next_id("ar.pv"),
            skills=[PV, COUNT],
            grade=2,
            kind="multiple_choice",
            prompt=f"Which symbol makes this true? {a} __ {b}",
            complexity=0.2,
            why="same hundreds digit; compare the tens",
            explanation=f"The hundreds are the same, so compare the tens: {a} {key} {b}.",
            minutes=0.5,
            tags=("compare", f"compare:{a},{b}"),
            key=key,
            distractors=[
                ("<" if key == ">" else ">", "Look at the tens digits again."),
                ("=", "The numbers are different, so they are not equal."),
            ],
        )

    # -------------------------------------------------------------- add/sub within 20 (G1)
    facts = [
        (3, "+", 5, -0.8),
        (6, "+", 2, -0.9),
        (4, "+", 4, -0.8),
        (8, "+", 7, 0.2),
        (9, "+", 6, 0.2),
        (7, "+", 5, 0.1),
        (6, "+", 8, 0.3),
        (9, "-", 4, -0.6),
        (7, "-", 3, -0.7),
        (10, "-", 6, -0.4),
        (15, "-", 9, 0.4),
        (13, "-", 8, 0.5),
        (12, "-", 5, 0.4),
        (17, "-", 9, 0.5),
    ]
    numeric_fact_ids = {}
    for a, op, b, cx in facts:
        sign = "+" if op == "+" else "−"
        numeric_fact_ids[(a, op, b)] = numeric(
            "ar.as20",
            [AS20],
            1,
            f"What is {a} {sign} {b}?",
            f"{a}{op}{b}",
            cx,
            "bridging through ten"
            if (op == "+" and a + b > 10) or (op == "-" and a > 10)
            else "fact within 10",
            f"{a} {sign} {b} = {eval_int(a, op, b)}.",
            0.5,
            ("fact",),
        )
    for a, total, cx in ((6, 13, 0.7), (9, 17, 0.8), (4, 10, 0.3)):
        numeric(
            "ar.as20",
            [AS20],
            1,
            f"What number makes this true? {a} + ? = {total}",
            f"{total}-{a}",
            cx,
            "missing addend (think subtraction)",
            f"Count on from {a} to {total}: that is {total - a}.",
            0.75,
            ("missing-addend",),
        )
    for a, op, b in ((9, "+", 6), (8, "+", 7), (15, "-", 9), (13, "-", 8)):
        key = eval_int(a, op, b)
        sign = "+" if op == "+" else "−"
        wrong_op = a - b if op == "+" else a + b
        d = mc_distractors(
            key,
            [
                (key - 1, "Counting on, you may have counted the starting number too."),
                (key + 1, "Off by one: count on carefully from the larger number."),
                (wrong_op, "That is the answer for the other operation: check the sign."),
            ],
            _fallback(key, (2,)),
        )
        mc_id = choice(
            "ar.as20",
            [AS20],
            1,
            f"What is {a} {sign} {b}?",
            f"{a}{op}{b}",
            d,
            0.0,
            "bridging through ten, recognition",
            f"{a} {sign} {b} = {key}.",
            0.5,
            ("fact",),
        )
        bb.enemies(mc_id, numeric_fact_ids[(a, op, b)])

    # ------------------------------------------------------------ add/sub within 100 (G2)
    pairs_add = [
        (32, 45, -0.6),
        (51, 26, -0.6),
        (14, 73, -0.5),
        (47, 38, 0.3),
        (29, 56, 0.3),
        (68, 17, 0.4),
        (36, 48, 0.3),
    ]
    pairs_sub = [
        (87, 34, -0.4),
        (96, 52, -0.5),
        (68, 25, -0.4),
        (52, 27, 0.6),
        (81, 46, 0.6),
        (70, 38, 0.7),
        (63, 29, 0.6),
    ]
    as100_num: dict[tuple[int, str, int], str] = {}
    for a, b, cx in pairs_add:
        as100_num[(a, "+", b)] = numeric(
            "ar.as100",
            [AS100],
            2,
            f"What is {a} + {b}?",
            f"{a}+{b}",
            cx,
            "regroup ones into a ten" if needs_carry(a, b) else "no regrouping",
            f"Add the ones ({a % 10} + {b % 10}), then the tens: {a} + {b} = {a + b}.",
            0.75,
            ("regrouping" if needs_carry(a, b) else "no-regrouping",),
        )
    for a, b, cx in pairs_sub:
        as100_num[(a, "-", b)] = numeric(
            "ar.as100",
            [AS100],
            2,
            f"What is {a} − {b}?",
            f"{a}-{b}",
            cx,
            "regroup a ten into ones" if needs_borrow(a, b) else "no regrouping",
            f"{a} − {b} = {a - b}"
            + (
                f": regroup one ten so the ones become {a % 10 + 10} − {b % 10}."
                if needs_borrow(a, b)
                else "."
            ),
            0.75,
            ("regrouping" if needs_borrow(a, b) else "no-regrouping",),
        )
    for a, b in ((47, 38), (29, 56), (58, 26)):
        key = a + b
        d = mc_distractors(
            key,
            [
                (add_no_carry(a, b), "You forgot to carry the ten from the ones column."),
                (key + 10, "You carried a ten that was not there, or added a ten twice."),
                (
                    int(f"{a // 10 + b // 10}{a % 10 + b % 10}"),
                    "You wrote the whole ones sum instead of regrouping ten ones into a ten.",
                ),
            ],
            _fallback(key),
        )
        mc = choice(
            "ar.as100",
            [AS100],
            2,
            f"What is {a} + {b}?",
            f"{a}+{b}",
            d,
            0.3 if needs_carry(a, b) else -0.3,
            "regrouping, recognition" if needs_carry(a, b) else "no regrouping, recognition",
            f"{a} + {b} = {key}.",
            0.75,
            ("regrouping",) if needs_carry(a, b) else (),
        )
        if (a, "+", b) in as100_num:
            bb.enemies(mc, as100_num[(a, "+", b)])
    for a, b in ((52, 27), (81, 46), (74, 38)):
        key = a - b
        d = mc_distractors(
            key,
            [
                (
                    sub_smaller_from_larger(a, b),
                    "You took the smaller digit from the larger "
                    "one in the ones column instead of regrouping.",
                ),
                (
                    sub_no_decrement(a, b),
                    "You regrouped a ten but did not take it away from the tens.",
                ),
                (a + b, "That is the sum, not the difference."),
            ],
            _fallback(key),
        )
        mc = choice(
            "ar.as100",
            [AS100],
            2,
            f"What is {a} − {b}?",
            f"{a}-{b}",
            d,
            0.5,
            "regrouping a ten, recognition",
            f"{a} − {b} = {key}.",
            0.75,
            ("regrouping",),
        )
        if (a, "-", b) in as100_num:
            bb.enemies(mc, as100_num[(a, "-", b)])

    # ---------------------------------------------------------------- rounding (G3-4)
    for n, unit, grade, cx in (
        (347, 10, 3, -0.5),
        (862, 10, 3, -0.4),
        (345, 10, 3, 0.3),
        (96, 10, 3, 0.1),
        (651, 100, 3, -0.1),
        (449, 100, 3, 0.3),
        (750, 100, 3, 0.4),
        (2489, 1000, 4, -0.2),
        (6500, 1000, 4, 0.3),
        (9721, 1000, 4, 0.4),
    ):
        key = round_half_up(n, unit)
        numeric(
            "ar.round",
            [ROUND],
            grade,
            f"Round {fmt_number(n)} to the nearest {unit}.",
            f"roundto({n},{unit})",
            cx,
            "exactly halfway (round up)"
            if n % unit * 2 == unit
            else (
                "rounds up into the next place"
                if key % (unit * 10) == 0
                else f"rounding to the nearest {unit}"
            ),
            f"{fmt_number(n)} is between {n // unit * unit} and {n // unit * unit + unit}; "
            f"it rounds to {fmt_number(key)}"
            + (" (halfway rounds up)." if n % unit * 2 == unit else "."),
            0.75,
            ("rounding",),
        )
    for a, b in ((389, 412), (248, 531), (615, 279)):
        ra, rb = round_half_up(a, 100), round_half_up(b, 100)
        key = ra + rb
        d = mc_distractors(
            key,
            [
                (a + b, "That is the exact sum; the question asks for an estimate."),
                (
                    a // 100 * 100 + b // 100 * 100,
                    "You rounded both numbers down instead of to the nearest hundred.",
                ),
                (key + 100, "Round each number to the nearest hundred before adding."),
            ],
            _fallback(key, (100, 200)),
        )
        choice(
            "ar.round",
            [ROUND, AS100],
            3,
            f"Round each number to the nearest hundred, then "
            f"add to estimate {a} + {b}. What is the estimate?",
            f"roundto({a},100)+roundto({b},100)",
            d,
            0.2,
            "two roundings then adding",
            f"{a} rounds to {ra} and {b} rounds to {rb}; {ra} + {rb} = {key}.",
            1.0,
            ("estimation",),
        )
    for a, b in ((48, 31), (73, 19)):
        ra, rb = round_half_up(a, 10), round_half_up(b, 10)
        key = ra * rb
        d = mc_distractors(
            key,
            [
                (a * b, "That is the exact product; the question asks for an estimate."),
                (ra + rb, "You added the rounded numbers instead of multiplying."),
                (key // 10, "Count the zeros: tens times tens gives hundreds."),
            ],
            _fallback(key, (100, 200)),
        )
        choice(
            "ar.round",
            [ROUND, MULT],
            4,
            f"Round each number to the nearest ten, then "
            f"multiply to estimate {a} × {b}. What is the estimate?",
            f"roundto({a},10)*roundto({b},10)",
            d,
            0.0,
            "rounding then multiplying tens",
            f"{a} ≈ {ra} and {b} ≈ {rb}; {ra} × {rb} = {key}.",
            1.0,
            ("estimation",),
        )

    # ------------------------------------------------------- multi-digit add/sub (G3-4)
    specs = [
        (3, 347, "+", 285, 0.2),
        (3, 468, "+", 153, 0.3),
        (3, 509, "+", 286, -0.1),
        (3, 735, "-", 282, 0.0),
        (3, 642, "-", 358, 0.4),
        (3, 503, "-", 278, 0.8),
        (4, 3478, "+", 2965, 0.0),
        (4, 5096, "+", 1847, -0.1),
        (4, 6250, "+", 1789, 0.0),
        (4, 7245, "-", 3618, 0.1),
        (4, 8000, "-", 2436, 0.7),
        (4, 4003, "-", 1658, 0.8),
    ]
    for grade, a, op, b, cx in specs:
        sign = "+" if op == "+" else "−"
        key = eval_int(a, op, b)
        across_zero = op == "-" and "0" in str(a)[1:]
        numeric(
            "ar.mdas",
            [MDAS],
            grade,
            f"What is {fmt_number(a)} {sign} {fmt_number(b)}?",
            f"{a}{op}{b}",
            cx,
            "regrouping across zeros" if across_zero else "regrouping in several columns",
            f"Line up the columns and regroup where "
            f"needed: {fmt_number(a)} {sign} {fmt_number(b)} = {fmt_number(key)}.",
            1.5,
            ("regrouping",) + (("across-zero",) if across_zero else ()),
        )
    for grade, a, op, b, cx in (
        (3, 456, "+", 378, 0.1),
        (3, 624, "-", 387, 0.4),
        (3, 702, "-", 465, 0.8),
        (4, 2587, "+", 3645, 0.0),
        (4, 5003, "-", 2714, 0.8),
        (4, 6132, "-", 2857, 0.3),
    ):
        sign = "+" if op == "+" else "−"
        key = eval_int(a, op, b)
        if op == "+":
            cands = [
                (add_no_carry(a, b), "You did not carry the tens and hundreds."),
                (key - 100, "You dropped one carried digit."),
                (key + 1000, "You carried into the thousands when there was nothing to carry."),
            ]
        else:
            cands = [
                (
                    sub_smaller_from_larger(a, b),
                    "You took the smaller digit from the larger one instead of regrouping.",
                ),
                (sub_no_decrement(a, b), "You regrouped but did not reduce the next column."),
                (key + 100, "One regrouping was not taken away from the hundreds."),
            ]
        d = mc_distractors(key, cands, _fallback(key))
        choice(
            "ar.mdas",
            [MDAS],
            grade,
            f"What is {fmt_number(a)} {sign} {fmt_number(b)}?",
            f"{a}{op}{b}",
            d,
            cx,
            "multi-column regrouping, recognition",
            f"{fmt_number(a)} {sign} {fmt_number(b)} = {fmt_number(key)}.",
            1.5,
            ("regrouping",),
        )

    # ---------------------------------------------------------- multiplication facts (G3)
    mult_num: dict[tuple[int, int], str] = {}
    for a, b, cx in (
        (2, 8, -0.8),
        (5, 7, -0.6),
        (10, 6, -0.9),
        (3, 9, -0.3),
        (4, 6, -0.2),
        (6, 7, 0.4),
        (7, 8, 0.6),
        (8, 9, 0.5),
        (6, 9, 0.4),
        (7, 7, 0.3),
    ):
        mult_num[(a, b)] = numeric(
            "ar.mult",
            [MULT],
            3,
            f"What is {a} × {b}?",
            f"{a}*{b}",
            cx,
            "harder tables (6-9)" if min(a, b) >= 6 else "easy tables (2, 3, 4, 5, 10)",
            f"{a} × {b} = {a * b}" + (f" ({a} groups of {b})." if a <= 5 else "."),
            0.5,
            ("times-tables",),
        )
    for a, b in ((7, 8), (6, 9), (8, 4), (9, 7), (6, 6), (3, 8)):
        key = a * b
        d = mc_distractors(
            key,
            [
                (a * (b + 1), f"That is {a} × {b + 1}: one group too many."),
                (a * (b - 1), f"That is {a} × {b - 1}: one group too few."),
                (a + b, "You added the numbers instead of multiplying."),
            ],
            [((a + 1) * b, f"That is {a + 1} × {b}."), *_fallback(key)],
        )
        mc = choice(
            "ar.mult",
            [MULT],
            3,
            f"What is {a} × {b}?",
            f"{a}*{b}",
            d,
            0.3 if min(a, b) >= 6 else -0.3,
            "times table, recognition",
            f"{a} × {b} = {key}.",
            0.5,
            ("times-tables",),
        )
        if (a, b) in mult_num:
            bb.enemies(mc, mult_num[(a, b)])
    for a, b, cx in ((6, 7, 0.6), (9, 4, 0.4), (8, 8, 0.6), (5, 12, 0.5)):
        numeric(
            "ar.mult",
            [MULT, DIV],
            3,
            f"What number makes this true? ? × {a} = {a * b}",
            f"{a * b}//{a}",
            cx,
            "missing factor",
            f"{b} × {a} = {a * b}, so the missing number is {b}.",
            0.75,
            ("missing-factor",),
        )
    for rows, cols in ((4, 6), (3, 7)):
        uri = bb.media(f"media/array_{rows}x{cols}.svg", svg_dot_array(rows, cols))
        numeric(
            "ar.mult",
            [MULT],
            3,
            f"The picture shows an array with {rows} rows of {cols} dots. How many dots are there?",
            f"{rows}*{cols}",
            -0.5,
            "array model",
            f"{rows} rows of {cols} is {rows} × {cols} = {rows * cols}.",
            0.5,
            ("array",),
            media=[
                {
                    "type": "image",
                    "uri": uri,
                    "alt": f"An array of blue dots in {rows} rows with {cols} dots in each row.",
                }
            ],
        )

    # -------------------------------------------------------------- division facts (G3)
    for total, d_, cx in (
        (56, 8, 0.4),
        (36, 4, -0.1),
        (45, 5, -0.4),
        (63, 9, 0.4),
        (42, 6, 0.3),
        (20, 2, -0.8),
        (72, 8, 0.5),
        (30, 10, -0.7),
    ):
        numeric(
            "ar.div",
            [DIV],
            3,
            f"What is {total} ÷ {d_}?",
            f"{total}/{d_}",
            cx,
            "harder tables" if d_ >= 6 else "easy tables",
            f"{total} ÷ {d_} = {total // d_} because {total // d_} × {d_} = {total}.",
            0.5,
            ("division-facts",),
        )
    for total, d_ in ((48, 6), (54, 9), (28, 7), (64, 8)):
        key = total // d_
        d = mc_distractors(
            key,
            [
                (key + 1, f"Check: {key + 1} × {d_} = {(key + 1) * d_}, not {total}."),
                (key - 1, f"Check: {key - 1} × {d_} = {(key - 1) * d_}, not {total}."),
                (total - d_, "You subtracted instead of dividing."),
            ],
            _fallback(key, (2, 3)),
        )
        choice(
            "ar.div",
            [DIV],
            3,
            f"What is {total} ÷ {d_}?",
            f"{total}/{d_}",
            d,
            0.2,
            "division fact, recognition",
            f"{key} × {d_} = {total}, so {total} ÷ {d_} = {key}.",
            0.5,
            ("division-facts",),
        )
    for i, (total, groups, thing) in enumerate(
        ((24, 6, "stickers"), (35, 5, "apples"), (40, 8, "pencils"), (27, 3, "marbles"))
    ):
        name = NAMES[i]
        numeric(
            "ar.div",
            [DIV, WORD],
            3,
            f"{name} shares {total} {thing} equally among "
            f"{groups} friends. How many {thing} does each friend get?",
            f"{total}/{groups}",
            0.1,
            "sharing story",
            f"{total} ÷ {groups} = {total // groups}.",
            1.0,
            ("sharing",),
        )

    # ------------------------------------------------------ multi-digit multiplication
    for a, m, cx in ((36, 100, -0.7), (45, 10, -0.8)):
        numeric(
            "ar.mdm",
            [MDM],
            4,
            f"What is {a} × {m}?",
            f"{a}*{m}",
            cx,
            "multiplying by a power of ten",
            f"Multiplying by {m} shifts every digit {len(str(m)) - 1} place(s) left: {a * m}.",
            0.5,
            ("powers-of-ten",),
        )
    for a, m, grade, cx in (
        (23, 4, 4, -0.4),
        (47, 6, 4, 0.0),
        (58, 7, 4, 0.2),
        (39, 8, 4, 0.1),
        (314, 6, 4, 0.3),
        (278, 9, 4, 0.5),
        (506, 7, 4, 0.3),
    ):
        numeric(
            "ar.mdm",
            [MDM],
            grade,
            f"What is {a} × {m}?",
            f"{a}*{m}",
            cx,
            "one carry" if a < 100 else "three-digit number with carries",
            f"Multiply each place by {m} and add the carries: {a} × {m} = {a * m}.",
            1.0,
            ("by-one-digit",),
        )
    for a, m in ((47, 6), (68, 4)):
        key = a * m
        tens, ones = divmod(a, 10)
        d = mc_distractors(
            key,
            [
                (tens * m * 10 + (ones * m) % 10, "You did not add the carried tens."),
                (
                    (tens + ones * m // 10) * m * 10 + (ones * m) % 10,
                    "You added the carried digit before multiplying the tens; multiply first, then "
                    "add the carry.",
                ),
                (key - m, f"That is {a - 1} × {m}: check the ones."),
            ],
            _fallback(key),
        )
        choice(
            "ar.mdm",
            [MDM],
            4,
            f"What is {a} × {m}?",
            f"{a}*{m}",
            d,
            0.0,
            "one carry, recognition",
            f"{a} × {m} = {tens * 10} × {m} + {ones} × {m} = {tens * 10 * m} + {ones * m} = {key}.",
            1.0,
            ("by-one-digit",),
        )
    for a, b, cx in (
        (34, 21, -0.4),
        (46, 23, 0.0),
        (57, 38, 0.3),
        (84, 67, 0.4),
        (126, 34, 0.6),
        (253, 47, 0.8),
    ):
        numeric(
            "ar.mdm",
            [MDM],
            5,
            f"What is {a} × {b}?",
            f"{a}*{b}",
            cx,
            "two partial products with carries" if a < 100 else "three-digit by two-digit",
            f"{a} × {b} = {a} × {b % 10} + {a} × {b // 10 * 10}"
            f" = {a * (b % 10)} + {a * (b // 10 * 10)} = {a * b}.",
            2.0,
            ("long-multiplication",),
        )
    for a, b in ((43, 26), (65, 32), (78, 45)):
        key = a * b
        d = mc_distractors(
            key,
            [
                (
                    mult_no_shift(a, b),
                    "You forgot that the second partial product is tens: shift it one place left.",
                ),
                (
                    (a // 10) * (b // 10) * 100 + (a % 10) * (b % 10),
                    "You multiplied only tens by tens and ones by ones.",
                ),
                (key + 100, "Check the carries in the partial products."),
            ],
            _fallback(key, (100, 10)),
        )
        choice(
            "ar.mdm",
            [MDM],
            5,
            f"What is {a} × {b}?",
            f"{a}*{b}",
            d,
            0.2,
            "long multiplication, recognition",
            f"{a} × {b} = {a * (b % 10)} + {a * (b // 10 * 10)} = {key}.",
            2.0,
            ("long-multiplication",),
        )

    # ------------------------------------------------------- division with remainders
    rem_num: dict[tuple[int, int], str] = {}
    for n, d_, cx in ((47, 5, -0.4), (38, 6, -0.3), (59, 7, 0.0), (83, 9, 0.1)):
        rem_num[(n, d_)] = numeric(
            "ar.divr",
            [DIVR],
            4,
            f"What is the remainder when {n} is divided by {d_}?",
            f"{n}%{d_}",
            cx,
            "remainder from a times-table fact",
            f"{n // d_} × {d_} = {n // d_ * d_}, and {n} − {n // d_ * d_} = {n % d_}.",
            0.75,
            ("remainder",),
        )
    for n, d_ in ((47, 5), (38, 6), (71, 8), (52, 9)):
        q, r = divmod(n, d_)
        cands = [
            (
                f"{q - 1} r {r + d_}",
                "The remainder must be smaller than the divisor; one more group fits.",
            ),
            (
                f"{q + 1} r {(q + 1) * d_ - n}",
                f"{q + 1} × {d_} is more than {n}: that is too many groups.",
            ),
            (f"{q} r {r + 1}", "Check the subtraction for the remainder."),
        ]
        mc = bb.add(
            item_id=bb.next_id("ar.divr"),
            skills=[DIVR],
            grade=4,
            kind="multiple_choice",
            prompt=f"What is {n} ÷ {d_}?",
            complexity=0.2,
            why="quotient and remainder, recognition",
            explanation=f"{q} × {d_} = {q * d_}; {n} − {q * d_} = {r}, so {n} ÷ {d_} = {q} r {r}.",
            minutes=1.0,
            tags=("remainder",),
            key=f"{q} r {r}",
            distractors=cands,
            expr=f"divmod({n},{d_})",
        )
        if (n, d_) in rem_num:
            bb.enemies(mc, rem_num[(n, d_)])
    for n, d_, grade, cx in ((158, 6, 4, 0.5), (293, 7, 5, -0.2), (1250, 12, 5, 0.2)):
        q, r = divmod(n, d_)
        bb.add(
            item_id=bb.next_id("ar.divr"),
            skills=[DIVR],
            grade=grade,
            kind="short_answer",
            prompt=f"Divide {fmt_number(n)} by {d_}. Write the answer as quotient r "
            f"remainder, for example 7 r 3.",
            complexity=cx,
            why="long division with a remainder",
            explanation=f"{q} × {d_} = {q * d_} and {n} − {q * d_} = {r}, so "
            f"the answer is {q} r {r}.",
            minutes=2.0,
            tags=("long-division",),
            accepted=[f"{q} r {r}", f"{q}r{r}", f"{q} R {r}", f"{q} remainder {r}"],
            expr=f"divmod({n},{d_})",
        )
    for n, d_, cx in ((672, 4, -0.2), (945, 7, 0.0), (856, 8, 0.2)):
        numeric(
            "ar.divr",
            [DIVR],
            5,
            f"What is {n} ÷ {d_}?",
            f"{n}/{d_}",
            cx,
            "long division, zero in the quotient"
            if "0" in str(n // d_)
            else "long division without remainder",
            f"{n} ÷ {d_} = {n // d_} (check: {n // d_} × {d_} = {n}).",
            2.0,
            ("long-division",),
        )
    for n, d_, cx in ((1728, 12, 0.0), (3915, 15, 0.2), (6384, 24, 0.4)):
        numeric(
            "ar.divr",
            [DIVR],
            6,
            f"What is {fmt_number(n)} ÷ {d_}?",
            f"{n}/{d_}",
            cx,
            "long division by a two-digit number",
            f"{fmt_number(n)} ÷ {d_} = {n // d_} (check: {n // d_} × {d_} = {fmt_number(n)}).",
            2.5,
            ("long-division",),
        )
    for total, size, thing, group, up, cx in (
        (29, 4, "children", "cars", True, 0.3),
        (50, 6, "eggs", "boxes", True, 0.4),
        (46, 5, "cookies", "full bags", False, 0.2),
    ):
        q, r = divmod(total, size)
        key = q + 1 if up else q
        question = (
            f"{total} {thing} need rides. Each car holds {size} {thing}. How many cars are needed?"
            if thing == "children"
            else f"{total} {thing} are packed in boxes of {size}. How many boxes are needed "
            f"for all the eggs?"
            if thing == "eggs"
            else f"{total} {thing} are put into bags of {size}. How many {group} can be made?"
        )
        expr = f"ceil({total}/{size})" if up else f"{total}//{size}"
        d = [
            (fmt_number(q if up else q + 1), "Think about what the remainder means here."),
            (
                f"{q} r {r}",
                "A remainder is not an answer to 'how many'; decide whether it needs one more.",
            ),
            (fmt_number(q + 2 if up else q - 1), f"{total} ÷ {size} = {q} r {r}."),
        ]
        bb.add(
            item_id=bb.next_id("ar.divr"),
            skills=[DIVR, WORD],
            grade=5,
            kind="multiple_choice",
            prompt=question,
            complexity=cx,
            why="interpreting the remainder",
            explanation=f"{total} ÷ {size} = {q} r {r}; "
            + (
                f"the remaining {r} also need one, so {key}."
                if up
                else f"only {q} {group} can be filled."
            ),
            minutes=1.5,
            tags=("interpret-remainder",),
            key=fmt_number(key),
            distractors=d,
            expr=expr,
        )

    # ----------------------------------------------------------- order of operations (G5-6)
    ooo_specs = [
        (5, "3 + 4 × 5", -0.3),
        (5, "20 − 12 ÷ 4", -0.1),
        (5, "6 × 2 + 3 × 4", 0.1),
        (5, "30 − 4 × 6 + 2", 0.3),
        (6, "2 + 3² × 4", 0.1),
        (6, "48 ÷ 6 + 2 × 3", 0.0),
        (6, "(5 + 3)² − 4 × 7", 0.4),
    ]
    for grade, text, cx in ooo_specs:
        expr = to_python(text)
        key = _value(expr)
        ltr = left_to_right(text)
        cands = (
            [
                (
                    ltr,
                    "You worked from left to right; multiply and divide before adding "
                    "and subtracting.",
                )
            ]
            if ltr is not None
            else []
        )
        if "²" in text:
            cands.append(
                (
                    _value(expr.replace("**2", "*2")),
                    "The small 2 means 'squared' (3² = 3 × 3), not 'times 2'.",
                )
            )
        cands.append((key + 10, "Check each step of the calculation."))
        d = mc_distractors(key, cands, _fallback(int(key), (1, 2, 5)))
        choice(
            "ar.ooo",
            [OOO],
            grade,
            f"What is {text}?",
            expr,
            d,
            cx,
            "mixed operations with precedence" + (" and a square" if "²" in text else ""),
            f"Do {'brackets and squares' if grade == 6 else 'multiplication and division'}"
            f" first: {text} = {fmt_number(key)}.",
            1.0,
            ("precedence",),
        )
    num_specs = [
        (5, "(8 + 4) × 3", -0.3),
        (5, "7 × (10 − 6)", -0.2),
        (5, "36 ÷ (3 + 6)", 0.0),
        (5, "5 + 3 × 6 − 4", 0.2),
        (5, "(15 − 7) × (2 + 3)", 0.3),
        (5, "100 − 8 × 9", 0.1),
        (6, "4² + 3²", -0.2),
        (6, "(2 + 4)² ÷ 9", 0.2),
        (6, "60 ÷ (7 − 2) × 3", 0.4),
        (6, "5 × 2³ − 6", 0.5),
        (6, "3 × (12 − 2²) + 1", 0.6),
    ]
    for grade, text, cx in num_specs:
        expr = to_python(text)
        numeric(
            "ar.ooo",
            [OOO],
            grade,
            f"What is {text}?",
            expr,
            cx,
            "brackets, powers and mixed operations"
            if grade == 6
            else "brackets and mixed operations",
            f"{text} = {fmt_number(_value(expr))}: work "
            "inside brackets first, then powers, then × and ÷ from left to right, then + and "
            "−.",
            1.0,
            ("precedence",),
        )

    # -------------------------------------------------------------- word problems (G2-6)
    one_step = [
        (
            2,
            "Mia had {a} marbles. She got {b} more. How many marbles does she have now?",
            34,
            27,
            "+",
            -0.2,
        ),
        (
            2,
            "A bus had {a} people on it. At the stop, {b} people got off. How many people "
            "are still on the bus?",
            63,
            25,
            "-",
            0.2,
        ),
        (
            2,
            "Leo read {a} pages on Monday and {b} pages on Tuesday. How many pages did he "
            "read in all?",
            18,
            26,
            "+",
            -0.1,
        ),
        (
            2,
            "There were {a} birds in a tree. Some flew away and now there are {b}. How many "
            "birds flew away?",
            41,
            17,
            "-",
            0.6,
        ),
        (
            3,
            "A box holds {a} rows of {b} chocolates. How many chocolates are in the box?",
            4,
            9,
            "*",
            0.0,
        ),
        (
            3,
            "Kofi has {a} stickers and puts them in {b} equal rows. How many stickers are in "
            "each row?",
            42,
            7,
            "/",
            0.1,
        ),
        (
            4,
            "A school has {a} pupils. {b} of them are at a museum today. How many pupils are "
            "at school?",
            1204,
            387,
            "-",
            0.1,
        ),
        (
            4,
            "A farmer plants {a} rows of {b} trees. How many trees does she plant?",
            18,
            24,
            "*",
            0.3,
        ),
    ]
    name_i = 0
    for grade, template, a, b, op, cx in one_step:
        name = NAMES[name_i % len(NAMES)]
        name_i += 1
        prompt = template.format(n=name, a=fmt_number(a), b=fmt_number(b))
        skills = [WORD, {"+": AS100, "-": AS100, "*": MULT, "/": DIV}[op]]
        if grade == 4:
            skills[1] = MDAS if op == "-" else MDM
        sym = {"+": "+", "-": "−", "*": "×", "/": "÷"}[op]
        numeric(
            "ar.word",
            skills,
            grade,
            prompt,
            f"{a}{op}{b}",
            cx,
            "finding a missing part (change unknown)"
            if "flew away" in prompt
            else "one-step story",
            f"{fmt_number(a)} {sym} {fmt_number(b)} = {fmt_number(_value(f'{a}{op}{b}'))}.",
            1.5,
            ("one-step",),
        )
    two_step = [
        (
            3,
            [WORD, MULT],
            "A class has {a} boxes of {b} crayons. The teacher gives away {c} "
            "crayons. How many crayons are left?",
            (4, 12, 9),
            "{a}*{b}-{c}",
            "{a} × {b} = {ab} crayons in all",
            -0.2,
        ),
        (
            3,
            [WORD, AS100],
            "Priya has {a} cents. She buys a pencil for {b} cents and an eraser "
            "for {c} cents. How many cents does she have left?",
            (90, 35, 28),
            "{a}-{b}-{c}",
            "{b} + {c} = {bc} cents spent (or {a} − {b} = {amb} after the pencil)",
            0.1,
        ),
        (
            3,
            [WORD, MULT],
            "Tickets cost {a} dollars for a child and {b} dollars for an adult. "
            "How much do {c} children and 1 adult pay altogether?",
            (6, 11, 3),
            "{c}*{a}+{b}",
            "{c} × {a} = {ca} dollars for the children",
            0.2,
        ),
        (
            4,
            [WORD, MDM],
            "A baker makes {a} trays of {b} rolls. He sells {c} rolls. How many rolls are left?",
            (8, 24, 137),
            "{a}*{b}-{c}",
            "{a} × {b} = {ab} rolls baked",
            -0.1,
        ),
        (
            4,
            [WORD, MDM],
            "Tickets cost {a} dollars for a child and {b} dollars for an adult. "
            "A family buys {c} child tickets and 2 adult tickets. How much do they pay?",
            (8, 13, 3),
            "{c}*{a}+2*{b}",
            "{c} × {a} = {ca} and 2 × {b} = {b2}",
            0.1,
        ),
        (
            4,
            [WORD, MDAS],
            "A library had {a} books. It gave away {b} old books and bought {c} "
            "new ones. How many books does it have now?",
            (2450, 375, 618),
            "{a}-{b}+{c}",
            "{a} − {b} = {amb} after giving books away",
            0.0,
        ),
        (
            5,
            [WORD, DIVR],
            "Yuki has {a} photos. An album page holds {b} photos. She already "
            "filled {c} pages. How many more pages does she need for the rest of the photos?",
            (150, 8, 12),
            "ceil(({a}-{c}*{b})/{b})",
            "{c} × {b} = {cb} photos placed, {a} − {cb} = {rest} still to place",
            0.5,
        ),
        (
            5,
            [WORD, MDM],
            "A school orders {a} boxes of {b} pens and {c} boxes of 18 markers. "
            "How many pens and markers is that in total?",
            (14, 25, 12),
            "{a}*{b}+{c}*18",
            "{a} × {b} = {ab} pens (or {c} × 18 = {c18} markers)",
            0.2,
        ),
        (
            5,
            [WORD, DIVR],
            "{a} pupils go on a trip. A minibus holds {b} pupils and costs {c} "
            "dollars. How much do the minibuses cost in total?",
            (75, 16, 45),
            "ceil({a}/{b})*{c}",
            "{a} ÷ {b} = {q} r {r}, so {up} minibuses are needed",
            0.6,
        ),
        (
            6,
            [WORD, OOO],
            "Pencils cost {a} cents for a pack of 3. How much do {b} pencils cost in cents?",
            (75, 14, 0),
            "{a}/3*{b}",
            "{a} ÷ 3 = 25 cents for one pencil",
            0.0,
        ),
        (
            6,
            [WORD, DIVR],
            "A garden is {a} metres long and {b} metres wide. Fence panels are "
            "{c} metres long. How many panels are needed to go all the way around?",
            (18, 12, 4),
            "2*({a}+{b})/{c}",
            "the perimeter is 2 × ({a} + {b}) = {per} metres",
            0.3,
        ),
        (
            6,
            [WORD, MDM],
            "A cinema has {a} rows of {b} seats. In every row 5 seats are broken "
            "and cannot be used. {c} of the other seats are taken. How many more people can sit "
            "down?",
            (24, 32, 486),
            "{a}*({b}-5)-{c}",
            "{a} × ({b} − 5) = {usable} usable seats",
            0.7,
        ),
    ]
    for grade, skills, template, (a, b, c), expr_t, step_t, cx in two_step:
        name = NAMES[name_i % len(NAMES)]
        name_i += 1
        expr = expr_t.format(a=a, b=b, c=c)
        key = _value(expr)
        fill = {
            "n": name,
            "a": fmt_number(a),
            "b": fmt_number(b),
            "c": fmt_number(c),
            "ab": fmt_number(a * b),
            "bc": b + c,
            "amb": fmt_number(a - b),
            "ca": c * a,
            "b2": 2 * b,
            "cb": c * b,
            "rest": a - c * b,
            "c18": c * 18,
            "q": a // b,
            "r": a % b,
            "up": -(-a // b),
            "per": 2 * (a + b),
            "usable": a * (b - 5),
        }
        prompt = template.format(**fill) + " Show your working."
        step = step_t.format(**fill)
        bb.add(
            item_id=bb.next_id("ar.word2"),
            skills=skills,
            grade=grade,
            kind="partial_credit",
            prompt=prompt,
            complexity=cx,
            why="two-step problem",
            explanation=f"First step: {step}. Answer: {fmt_number(key)}.",
            minutes=3.0,
            tags=("two-step", "rubric"),
            rubric=[
                "No correct step, or only the numbers copied from the story.",
                f"One step correct (for example {step}) or the right plan with one "
                "calculation slip.",
                f"Both steps correct with the answer {fmt_number(key)}.",
            ],
            value=key,
            expr=expr,
            model="GRM",
        )
    return bb


# ----------------------------------------------------------------------------- helpers


def _value(expr: str) -> Fraction:
    from _bank_kit import evaluate

    result = evaluate(expr)
    if isinstance(result, tuple):
        raise ValueError(expr)
    return result


def eval_int(a: int, op: str, b: int) -> int:
    return {"+": a + b, "-": a - b}[op]


def round_half_up(n: int, unit: int) -> int:
    return (n + unit // 2) // unit * unit


def to_python(text: str) -> str:
    """'(5 + 3)² − 4 × 7' -> '(5+3)**2-4*7'."""
    out = text.replace(" ", "").replace("×", "*").replace("÷", "/").replace("−", "-")
    return out.replace("²", "**2").replace("³", "**3")


def left_to_right(text: str) -> Fraction | None:
    """The 'left to right' misconception for bracket-free, power-free expressions."""
    if any(ch in text for ch in "()²³"):
        return None
    tokens = to_python(text).replace("*", " * ").replace("/", " / ").replace("+", " + ")
    parts = tokens.replace("-", " - ").split()
    value = Fraction(parts[0])
    for op, num in zip(parts[1::2], parts[2::2], strict=True):
        value = {
            "+": value + int(num),
            "-": value - int(num),
            "*": value * int(num),
            "/": value / int(num),
        }[op]
    return value if value.denominator == 1 and value >= 0 else None
