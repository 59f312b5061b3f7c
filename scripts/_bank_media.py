"""Small SVG pictures drawn by the bank builder from their file names.

An item's ``media`` column names a file under ``item_banks/``. Files named like the patterns
below are drawn by the builder (deterministic text, rewritten on every build); any other
file must already exist there.

=================================  =========================================================
``media/ten_frames_<n>.svg``       two-row ten-frames with ``n`` dots filled in order
``media/base_ten_<h><t><o>.svg``   ``h`` hundreds flats, ``t`` tens rods, ``o`` ones cubes
``media/array_<r>x<c>.svg``        ``r`` rows of ``c`` dots
``media/fraction_bar_<k>_of_<n>.svg``  a bar cut into ``n`` equal parts, the first ``k`` shaded
``media/number_line_<k>_of_<n>.svg``   0 to 1 cut into ``n`` equal parts, a dot at mark ``k``
=================================  =========================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SVG_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">'
)
_STROKE = 'stroke="#333" stroke-width="2"'


def _svg(width: int, height: int, body: list[str]) -> str:
    return "\n".join([_SVG_HEAD.format(w=width, h=height), *body, "</svg>", ""])


def svg_ten_frames(count: int) -> str:
    """Two-row ten-frames (as many as needed) with ``count`` dots filled in order."""
    frames = max(1, -(-count // 10))
    body = []
    for f in range(frames):
        x0 = 10 + f * 230
        for cell in range(10):
            row, col = divmod(cell, 5)
            x, y = x0 + col * 42, 10 + row * 42
            body.append(f'<rect x="{x}" y="{y}" width="42" height="42" fill="white" {_STROKE}/>')
            if f * 10 + cell < count:
                body.append(f'<circle cx="{x + 21}" cy="{y + 21}" r="14" fill="#d33"/>')
    return _svg(20 + frames * 230, 104, body)


def svg_base_ten(hundreds: int, tens: int, ones: int) -> str:
    """Hundreds flats, tens rods and ones cubes drawn left to right."""
    body, x = [], 10
    for _ in range(hundreds):
        body.append(f'<rect x="{x}" y="10" width="100" height="100" fill="#9cf" {_STROKE}/>')
        x += 110
    for _ in range(tens):
        body.append(f'<rect x="{x}" y="10" width="10" height="100" fill="#fc9" {_STROKE}/>')
        x += 18
    for i in range(ones):
        body.append(
            f'<rect x="{x}" y="{100 - 14 * (i % 5)}" width="10" height="10" fill="#9f9" {_STROKE}/>'
        )
        if i % 5 == 4:
            x += 18
    return _svg(x + 30, 120, body)


def svg_dot_array(rows: int, cols: int) -> str:
    """A rectangular array of dots."""
    body = [
        f'<circle cx="{20 + c * 30}" cy="{20 + r * 30}" r="10" fill="#36c"/>'
        for r in range(rows)
        for c in range(cols)
    ]
    return _svg(10 + cols * 30, 10 + rows * 30, body)


def svg_fraction_bar(shaded: int, parts: int) -> str:
    """A bar cut into ``parts`` equal parts, the first ``shaded`` shaded."""
    width = 360
    step = width / parts
    body = [
        f'<rect x="{10 + i * step:.2f}" y="10" width="{step:.2f}" height="60" '
        f'fill="{"#f90" if i < shaded else "white"}" {_STROKE}/>'
        for i in range(parts)
    ]
    return _svg(width + 20, 80, body)


def svg_number_line(parts: int, mark: int) -> str:
    """A number line from 0 to 1 cut into ``parts`` equal parts, a dot at mark ``mark``."""
    x0, x1 = 30, 390
    step = (x1 - x0) / parts
    body = [f'<line x1="{x0}" y1="40" x2="{x1}" y2="40" {_STROKE}/>']
    for i in range(parts + 1):
        x = x0 + i * step
        body.append(f'<line x1="{x:.2f}" y1="30" x2="{x:.2f}" y2="50" {_STROKE}/>')
    body.append(f'<text x="{x0 - 5}" y="72" font-size="18">0</text>')
    body.append(f'<text x="{x1 - 5}" y="72" font-size="18">1</text>')
    body.append(f'<circle cx="{x0 + mark * step:.2f}" cy="40" r="7" fill="#d33"/>')
    return _svg(420, 85, body)


_PATTERNS: list[tuple[str, Callable[[re.Match[str]], str]]] = [
    (r"media/ten_frames_(\d+)\.svg", lambda m: svg_ten_frames(int(m[1]))),
    (
        r"media/base_ten_(\d)(\d)(\d)\.svg",
        lambda m: svg_base_ten(int(m[1]), int(m[2]), int(m[3])),
    ),
    (r"media/array_(\d+)x(\d+)\.svg", lambda m: svg_dot_array(int(m[1]), int(m[2]))),
    (
        r"media/fraction_bar_(\d+)_of_(\d+)\.svg",
        lambda m: svg_fraction_bar(int(m[1]), int(m[2])),
    ),
    (
        r"media/number_line_(\d+)_of_(\d+)\.svg",
        lambda m: svg_number_line(int(m[2]), int(m[1])),
    ),
]


def draw(uri: str) -> str | None:
    """SVG text for a picture the builder draws from its name; None for any other file."""
    for pattern, make in _PATTERNS:
        if m := re.fullmatch(pattern, uri):
            return make(m)
    return None
