"""Independent re-derivation of the Korean mathematics keys (tests only; no builder code).

* :func:`exact` evaluates a key expression with :class:`fractions.Fraction` (its own
  evaluator, with ``gcd`` and ``lcm``); :func:`quantity` reads a choice or answer text
  (``3/8``, ``2 1/4``, ``24 cm²``, ``15%``, ``100만 cm³``).
* :func:`from_prompt` recomputes the answer of common Korean prompt shapes ("4728을
  반올림하여 백의 자리까지 ...", "오각기둥의 모서리는 ...", unit conversions, areas);
  :func:`fill_checks` puts the key into "□ 안에 알맞은 수를 쓰세요. □ + 26 = 61" and every
  distractor too.
* :func:`tag_checks` re-derives keys from the structured tags the bank stores (clock hands,
  repeating patterns, correspondence rules, comparisons, picture graphs ...).
"""

from __future__ import annotations

import ast
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from korean_reference import read_sino


def key_text(item: dict[str, Any]) -> str:
    return str(next(c["text"] for c in item["choices"] if c["id"] == item["answer"]["choice"]))


def other_texts(item: dict[str, Any]) -> list[str]:
    return [str(c["text"]) for c in item["choices"] if c["id"] != item["answer"]["choice"]]


# --------------------------------------------------------------------- exact arithmetic

_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}


def _whole(x: Fraction) -> int:
    assert x.denominator == 1
    return x.numerator


_CALLS = {
    "max": max,
    "min": min,
    "ceil": lambda x: Fraction(-(-x.numerator // x.denominator)),
    "roundto": lambda x, unit: Fraction((x / unit + Fraction(1, 2)).__floor__()) * unit,
    "gcd": lambda *xs: Fraction(math.gcd(*map(_whole, xs))),
    "lcm": lambda *xs: Fraction(math.lcm(*map(_whole, xs))),
}


def exact(expr: str) -> Fraction:
    """Evaluate + - * / // % **, brackets and a few named functions with Fractions."""

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return Fraction(str(node.value))
        if isinstance(node, ast.BinOp):
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return _CALLS[node.func.id](*map(ev, node.args))
        raise ValueError(f"cannot evaluate {expr!r}")

    return Fraction(ev(ast.parse(expr.strip(), mode="eval").body))


def math_expr(shown: str) -> str:
    """What a child sees ('2 3/5 + 1 4/5 × 3') as a Python expression with exact fractions."""
    text = shown.replace("−", "-").replace("×", "*").replace("÷", "/")
    text = re.sub(r"(\d+) (\d+)/(\d+)", r"(\1+\2/\3)", text)  # a mixed number
    return re.sub(r"(?<![(+\d])(\d+)/(\d+)", r"(\1/\2)", text)  # a fraction is one number


UNIT_WORDS = (
    r"cm²|cm³|cm|mm|km|mL|kg|°C|°|%|m|L|g|t|개|명|장|권|번|분|초|시간|일|원|쪽|칸|점|대|배|도"
)


def quantity(text: str) -> Fraction | None:
    """A choice or answer as a value: '3/8', '2 1/4', '0.7', '24 cm²', '15%', '90°', '100만 cm³'."""
    t = text.strip()
    if m := re.fullmatch(rf"(약 )?([\d./ ]+?|\d+만) ?({UNIT_WORDS})?", t):
        number, unit = m[2].strip(), m[3]
        if number.endswith("만"):
            value = Fraction(read_sino(number))
        else:
            try:
                value = exact(math_expr(number))
            except (SyntaxError, ValueError, ZeroDivisionError):
                return None
        return value / 100 if unit == "%" else value
    return None


def key_value(item: dict[str, Any]) -> Fraction | None:
    if item["type"] == "multiple_choice":
        return quantity(key_text(item))
    answer = item.get("answer", {})
    if "value" in answer:
        return Fraction(str(answer["value"]))
    if "accepted" in answer:
        return quantity(answer["accepted"][0])
    return None


# ------------------------------------------------------------- answers from the prompt

SHAPE_SIDES = {"삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9, "십": 10}
PLACES = {"십": 10, "백": 100, "천": 1000}


def equation_holds(equation: str) -> bool:
    """'36 + 28 = 40 + 24', '3 : 5 = 12 : 20', '42 ÷ 6 = 7' with exact values."""
    sides = [exact(math_expr(side.replace(":", "/"))) for side in equation.split("=")]
    return all(a == b for a, b in itertools.pairwise(sides))


def from_prompt(prompt: str) -> Fraction | None:
    """Recompute the answer of the common Korean prompt shapes; None if not one of them."""
    p = prompt
    if m := re.fullmatch(r"(?:다음 식을 )?계산하세요[.:] ([\d\s+−×÷()/.]+)", p):
        return exact(math_expr(m[1]))
    if m := re.fullmatch(
        r"(\d+)[을를] (반올림|올림|버림)하여 (십|백|천)의 자리까지 나타내면 얼마인가요\?", p
    ):
        value, place = int(m[1]), PLACES[m[3]]
        if m[2] == "반올림":
            return Fraction((value + place // 2) // place * place)
        if m[2] == "올림":
            return Fraction(-(-value // place) * place)
        return Fraction(value // place * place)
    if m := re.fullmatch(r"(\d+)의 약수는 모두 몇 개인가요\?", p):
        return Fraction(sum(int(m[1]) % d == 0 for d in range(1, int(m[1]) + 1)))
    if m := re.fullmatch(r"(\d+)[과와] (\d+)의 (최대공약수|최소공배수)는 얼마인가요\?", p):
        a, b = int(m[1]), int(m[2])
        return Fraction(math.gcd(a, b) if m[3] == "최대공약수" else math.lcm(a, b))
    if m := re.fullmatch(r"(0\.0*1)이 (\d+)개인 수는 얼마인가요\?", p):
        return Fraction(m[1]) * int(m[2])
    if m := re.fullmatch(r"(\d+) ÷ (\d+)의 나머지는 얼마인가요\?", p):
        return Fraction(int(m[1]) % int(m[2]))
    if m := re.fullmatch(r"(\d+)의 (\d+/\d+)[은는] 얼마인가요\?", p):
        return int(m[1]) * Fraction(m[2])
    if m := re.fullmatch(
        r"비 (\d+) : (\d+)의 비율을 (소수|백분율)로 나타내면 (?:얼마|몇 %)인가요\?", p
    ):
        ratio = Fraction(int(m[1]), int(m[2]))
        return ratio if m[3] == "소수" else ratio * 100
    if m := re.fullmatch(r"(.)각(기둥|뿔)의 (모서리|면|꼭짓점)은 몇 개인가요\?", p):
        n = SHAPE_SIDES[m[1]]
        counts = {
            "기둥": {"모서리": 3 * n, "면": n + 2, "꼭짓점": 2 * n},
            "뿔": {"모서리": 2 * n, "면": n + 1, "꼭짓점": n + 1},
        }
        return Fraction(counts[m[2]][m[3]])
    if m := re.fullmatch(r"(.)각형의 (꼭짓점|변)은 몇 개인가요\?", p):
        return Fraction(SHAPE_SIDES[m[1]])
    if m := re.fullmatch(r"(.)각형에 그을 수 있는 대각선은 모두 몇 개인가요\?", p):
        n = SHAPE_SIDES[m[1]]
        return Fraction(n * (n - 3), 2)
    if value := _measure_from_prompt(p):
        return value
    if m := re.fullmatch(r"반지름이 (\d+) cm인 원의 지름은 몇 cm인가요\?", p):
        return Fraction(2 * int(m[1]))
    if m := re.fullmatch(r"지름이 (\d+) cm인 원의 반지름은 몇 cm인가요\?", p):
        return Fraction(int(m[1]), 2)
    return None


UNIT_STEPS = {("m", "cm"): 100, ("cm", "mm"): 10, ("km", "m"): 1000, ("L", "mL"): 1000}
UNIT_STEPS |= {("kg", "g"): 1000, ("시간", "분"): 60, ("분", "초"): 60}


def _measure_from_prompt(p: str) -> Fraction | None:
    """Unit conversions, angle sums, perimeters, areas, volumes, means and sequences."""
    if m := re.fullmatch(
        r"(\d+) ?(m|cm|km|L|kg|시간|분) (\d+) ?(cm|mm|m|mL|g|분|초)[은는] 몇 \4인가요\?", p
    ):
        return Fraction(int(m[1]) * UNIT_STEPS[(m[2], m[4])] + int(m[3]))
    if m := re.fullmatch(r"(\d+)보다 (\d+)만큼 더 큰 수는 얼마인가요\?", p):
        return Fraction(int(m[1]) + int(m[2]))
    if m := re.fullmatch(r"10개씩 묶음 (\d+)개와 낱개 (\d+)개는 모두 몇 개인가요\?", p):
        return Fraction(10 * int(m[1]) + int(m[2]))
    if re.fullmatch(r"(?:\d+이 \d+개, )+\d+이 \d+개인 수는 얼마인가요\?", p):
        return Fraction(sum(int(a) * int(b) for a, b in re.findall(r"(\d+)이 (\d+)개", p)))
    if m := re.fullmatch(r"(\d+)에서 (십|백|천)의 자리 숫자가 나타내는 값은 얼마인가요\?", p):
        place = PLACES[m[2]]
        return Fraction(int(m[1]) // place % 10 * place)
    if m := re.fullmatch(
        r"(삼각형|사각형)의 (?:두|세) 각의 크기가 ([\d°, ]+)예요\. "
        r"나머지 한 각의 크기는 몇 도인가요\?",
        p,
    ):
        total = 180 if m[1] == "삼각형" else 360
        return Fraction(total - sum(int(a) for a in re.findall(r"\d+", m[2])))
    if m := re.fullmatch(
        r"가로 (\d+) cm, 세로 (\d+) cm인 직사각형의 (둘레|넓이)는 몇 cm²?인가요\?", p
    ):
        a, b = int(m[1]), int(m[2])
        return Fraction(2 * (a + b) if m[3] == "둘레" else a * b)
    if m := re.fullmatch(r"한 변이 (\d+) cm인 정사각형의 넓이는 몇 cm²인가요\?", p):
        return Fraction(int(m[1]) ** 2)
    if m := re.fullmatch(
        r"밑변이 (\d+) cm, 높이가 (\d+) cm인 (평행사변형|삼각형)의 넓이는 몇 cm²인가요\?", p
    ):
        area = Fraction(int(m[1]) * int(m[2]))
        return area if m[3] == "평행사변형" else area / 2
    if m := re.fullmatch(
        r"윗변이 (\d+) cm, 아랫변이 (\d+) cm, 높이가 (\d+) cm인 사다리꼴의 넓이는 몇 cm²인가요\?", p
    ):
        return Fraction((int(m[1]) + int(m[2])) * int(m[3]), 2)
    if m := re.fullmatch(
        r"가로 (\d+) cm, 세로 (\d+) cm, 높이 (\d+) cm인 직육면체의 (부피|겉넓이)는 "
        r"몇 cm[²³]인가요\?",
        p,
    ):
        a, b, c = int(m[1]), int(m[2]), int(m[3])
        return Fraction(a * b * c if m[4] == "부피" else 2 * (a * b + b * c + a * c))
    if m := re.fullmatch(r"한 모서리의 길이가 (\d+) cm인 정육면체의 겉넓이는 몇 cm²인가요\?", p):
        return Fraction(6 * int(m[1]) ** 2)
    if m := re.fullmatch(
        r"반지름이 (\d+) cm인 원의 (원주|넓이)는 몇 cm²?인가요\? \(원주율: 3\.14\)", p
    ):
        r = int(m[1])
        return Fraction("3.14") * (2 * r if m[2] == "원주" else r * r)
    if m := re.fullmatch(r"[가-힣 ]+ 점수가 ([\d점, ]+)일 때 평균은 몇 점인가요\?", p):
        scores = [int(s) for s in re.findall(r"\d+", m[1])]
        return Fraction(sum(scores), len(scores))
    if m := re.fullmatch(r"규칙에 따라 □에 알맞은 수를 쓰세요\. ([\d, ]+), □", p):
        terms = [Fraction(x) for x in m[1].split(", ")]
        steps = {b - a for a, b in itertools.pairwise(terms)}
        ratios = {b / a for a, b in itertools.pairwise(terms)}
        if len(steps) == 1:
            return terms[-1] + steps.pop()
        if len(ratios) == 1:
            return terms[-1] * ratios.pop()
    if m := re.fullmatch(
        r"(\d+) ÷ (\d+)의 몫을 (소수로 나타내면|반올림하여 소수 첫째 자리까지 나타내면) "
        r"얼마인가요\?",
        p,
    ):
        quotient = Fraction(int(m[1]), int(m[2]))
        if m[3].startswith("반올림"):
            return Fraction((quotient * 10 + Fraction(1, 2)).__floor__(), 10)
        return quotient
    return None


FILL = re.compile(r"□ 안에 알맞은 수를 (?:쓰세요|고르세요)\. (.+)")


def fill_checks(item: dict[str, Any]) -> bool:
    """'□ 안에 알맞은 수를 쓰세요. □ + 26 = 61': the key makes it true, no distractor does."""
    m = FILL.fullmatch(item["prompt"])
    if m is None or "=" not in m[1]:
        return False
    key = key_value(item)
    assert key is not None, item["id"]
    equation = m[1].replace("□", f"({key})")
    assert equation_holds(equation), item["id"]
    for text in other_texts(item) if item["type"] == "multiple_choice" else []:
        value = quantity(text)
        assert value is not None
        assert not equation_holds(m[1].replace("□", f"({value})")), (item["id"], text)
    return True


# ---------------------------------------------------------------- tag-driven checks


class Choices:
    """A multiple-choice item's key and distractor texts, for the tag checks."""

    def __init__(self, item: dict[str, Any]) -> None:
        self.id = str(item["id"])
        self.prompt = str(item["prompt"])
        self.key = key_text(item)
        self.others = other_texts(item)

    @property
    def all(self) -> list[str]:
        return [self.key, *self.others]

    def only_key(self, test: Callable[[str], bool]) -> None:
        """The key passes ``test`` and no distractor does."""
        assert [test(text) for text in self.all] == [True] + [False] * len(self.others), self.id


def _compare(c: Choices, arg: str) -> None:
    left, right = (Fraction(x) for x in arg.split(","))
    if c.key in ("<", ">", "="):
        assert c.key == ("<" if left < right else ">" if left > right else "="), c.id
    else:
        assert quantity(c.key) == max(left, right), c.id


def _range(c: Choices, arg: str) -> None:
    m = re.search(r"(\d+) 이상 (\d+) 미만", c.prompt)
    assert m is not None, c.id
    low, high = int(m[1]), int(m[2])
    c.only_key(lambda t: low <= int(t) < high)


def _rounds_to(c: Choices, arg: str) -> None:
    m = re.search(r"반올림하여 (십|백)의 자리까지 나타내면 (\d+)이 되는", c.prompt)
    assert m is not None, c.id
    place, target = PLACES[m[1]], int(m[2])
    c.only_key(lambda t: (int(t) + place // 2) // place * place == target)


def _estimate(c: Choices, arg: str) -> None:
    m = re.match(r"(\d+) \+ (\d+)를 어림하면", c.prompt)
    assert m is not None, c.id
    assert c.key == f"약 {sum((int(x) + 50) // 100 * 100 for x in m.groups())}", c.id


def _product(c: Choices, arg: str) -> None:
    if arg == "max":
        values = [exact(math_expr(t)) for t in c.all]
        assert values[0] > max(values[1:]), c.id
    else:
        addends = re.findall(r"\d+", c.prompt.split("를")[0])
        assert c.key == f"{addends[0]} × {len(addends)}", c.id


def _continue_equations(c: Choices, arg: str) -> None:
    shown = re.findall(r"(\d+) \+ (\d+) = (\d+)", c.prompt)
    following = [2 * int(b) - int(a) for a, b in zip(shown[-2], shown[-1], strict=True)]
    assert c.key == "{} + {} = {}".format(*following), c.id


def _divmod(c: Choices, arg: str) -> None:
    quotient, remainder = divmod(*map(int, arg.split(",")))
    c.only_key(lambda t: t == f"몫 {quotient}, 나머지 {remainder}")


def _cycle(c: Choices, arg: str) -> None:
    unit, position = arg.rsplit(":", 1)
    cycle = unit.split(",")
    tokens = [s for s in re.split(r"[,\s]+", c.prompt) if s in {*cycle, "□"}]
    shown = tokens[:-1] if tokens[-1] == "□" else tokens
    assert shown == [cycle[i % len(cycle)] for i in range(len(shown))], c.id
    assert c.key == cycle[int(position) % len(cycle)], c.id


def _rule(c: Choices, arg: str) -> None:
    xs, ys = ([Fraction(v) for v in part.split(",")] for part in arg.split(":"))

    def fits(text: str) -> bool:
        left, right = (side.strip() for side in text.split("="))
        return all(
            exact(math_expr(right.replace("□", f"({x})").replace("△", f"({y})")))
            == (y if left == "△" else x)
            for x, y in zip(xs, ys, strict=True)
        )

    c.only_key(fits)


def _triangle(c: Choices, arg: str) -> None:
    angles = [int(a) for a in arg.split(",")]
    assert sum(angles) == 180, c.id
    kind = "직각" if 90 in angles else "둔각" if max(angles) > 90 else "예각"
    assert c.key == f"{kind}삼각형", c.id


def _clock(c: Choices, arg: str) -> None:
    hour_hand, minute_hand = arg.split(",")
    minutes = 0 if minute_hand == "12" else int(minute_hand) * 5
    hour = int(Fraction(hour_hand))
    assert c.key == (f"{hour}시" if minutes == 0 else f"{hour}시 {minutes}분"), c.id


def _clock_angle(c: Choices, arg: str) -> None:
    def angle(text: str) -> int:
        hour = int(text.rstrip("시")) % 12
        return min(30 * hour, 360 - 30 * hour)

    c.only_key(lambda t: angle(t) == int(arg))


def _table(pick: Callable[..., str]) -> Callable[[Choices, str], None]:
    def check(c: Choices, arg: str) -> None:
        counts = table_counts(c.prompt)
        best = pick(counts, key=counts.__getitem__)
        assert sum(v == counts[best] for v in counts.values()) == 1, c.id
        assert c.key.startswith(best), (c.id, counts)

    return check


def _value(c: Choices, arg: str) -> None:
    c.only_key(lambda t: quantity(t) == exact(arg))


def _steepest(c: Choices, arg: str) -> None:
    temperatures = [int(t) for t in arg.split(",")]
    hours = [int(h) for h in re.findall(r"(\d+)시 \d+°C", c.prompt)]
    rises = [b - a for a, b in itertools.pairwise(temperatures)]
    i = rises.index(max(rises))
    assert c.key == f"{hours[i]}시와 {hours[i + 1]}시 사이", c.id


def _simplest_ratio(c: Choices, arg: str) -> None:
    a, b = map(int, arg.split(","))
    g = math.gcd(a, b)
    assert c.key == f"{a // g} : {b // g}", c.id


def _odd_ratio(c: Choices, arg: str) -> None:
    ratios = [Fraction(*map(int, t.split(" : "))) for t in c.all]
    assert Counter(ratios)[ratios[0]] == 1, c.id
    assert len(set(ratios[1:])) == 1, c.id


def _ratio_order(c: Choices, arg: str) -> None:
    first, second = re.findall(r"(\d+)명", c.prompt)[:2]
    assert c.key == f"{first} : {second}", c.id


def _symmetry_axes(c: Choices, arg: str) -> None:
    axes = {"정사각형": 4, "직사각형": 2, "정삼각형": 3, "평행사변형": 0, "마름모": 2}
    c.only_key(lambda t: axes[t] == int(arg))


def _improper(text: str) -> bool:
    m = re.fullmatch(r"(\d+)/(\d+)", text)
    return m is not None and int(m[1]) >= int(m[2])


def _digit_value(c: Choices, arg: str) -> None:
    number, digit = arg.split(",")
    decimals = number.partition(".")[2]
    assert decimals.index(digit) == 0, c.id  # the digit is in the tenths place
    assert c.key == "0.1", c.id


CHOICE_TAGS: dict[str, Callable[[Choices, str], None]] = {
    "compare": _compare,
    "parity": lambda c, arg: c.only_key(lambda t: int(t) % 2 == 0),
    "range": _range,
    "roundsto": _rounds_to,
    "estimate": _estimate,
    "product": _product,
    "equation": lambda c, arg: c.only_key(equation_holds),
    "continue_equations": _continue_equations,
    "divmod": _divmod,
    "not_multiple": lambda c, arg: c.only_key(lambda t: int(t) % int(arg) != 0),
    "cycle": _cycle,
    "rule": _rule,
    "triangle_angles": _triangle,
    "acute": lambda c, arg: c.only_key(lambda t: 0 < int(t.rstrip("°")) < 90),
    "clock": _clock,
    "clock_angle": _clock_angle,
    "table_max": _table(max),
    "table_min": _table(min),
    "area": _value,
    "angle": _value,
    "steepest": _steepest,
    "simplest_ratio": _simplest_ratio,
    "odd_ratio": _odd_ratio,
    "ratio_order": _ratio_order,
    "symmetry_axes": _symmetry_axes,
    "reading": lambda c, arg: c.only_key(lambda t: read_sino(t) == int(arg)),
    "sum_above_one": lambda c, arg: c.only_key(lambda t: exact(math_expr(t)) > 1),
    "improper": lambda c, arg: c.only_key(_improper),
    "digit_value": _digit_value,
    "volume_units": lambda c, arg: c.only_key(lambda t: quantity(t) == 100**3),
}


def tag_checks(item: dict[str, Any]) -> int:
    """Re-derive keys from structured tags; returns how many tags were checked."""
    checked = 0
    for tag in item.get("tags", []):
        name, _, arg = tag.partition(":")
        if item["type"] == "multiple_choice" and name in CHOICE_TAGS:
            CHOICE_TAGS[name](Choices(item), arg)
        elif name == "clock" and item["type"] == "short_answer":
            hour, _ = arg.split(",")
            assert item["answer"]["accepted"][0] == f"{hour}시", item["id"]
        elif name == "divmod" and item["type"] == "partial_credit":
            quotient, remainder = divmod(*map(int, arg.split(",")))
            assert f"{quotient}" in item["explanation"], item["id"]
            assert f"{remainder}" in item["explanation"], item["id"]
        else:
            continue
        checked += 1
    return checked


def table_counts(prompt: str) -> dict[str, int]:
    """Counts of a small table or picture graph in the prompt ('사과 5명', '가 마을 ●●○')."""
    if pairs := re.findall(r"(?<![^\s,])([가-힣]+) (\d+)명", prompt):
        return {name: int(n) for name, n in pairs}
    big = 10 if "●는 10명" in prompt else 1
    marks = re.findall(r"(?:^|[,.?] )([가-힣]+(?: 마을)?) ([●○]+)", prompt)
    return {name: s.count("●") * big + s.count("○") for name, s in marks}
