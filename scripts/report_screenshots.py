"""Render every report for every audience and language, and photograph it (``make screenshots``).

Simulates a class of children practising arithmetic for six weeks on different weekdays
(seeded, so the pictures only change when the reports do), writes each report as HTML
(learner: teacher, child, analyst; class: teacher, analyst; items: analyst, teacher) in
English and Korean, and takes a full-page PNG of each with headless Chromium. The English
pages read the shipped ``arithmetic`` bank, the Korean ones the Korean ``ko_math`` bank,
so that every page is in one language throughout.

Usage::

    python scripts/report_screenshots.py [--out build/screenshots] [--docs docs]

``--docs`` also copies one picture per audience to that folder (the README shows them).
Needs Chromium and a font with Korean glyphs; as root on Debian or Ubuntu the script
installs ``chromium`` and ``fonts-noto-cjk`` itself, otherwise it says what to install.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

import adaptive_tutor as at
from adaptive_tutor.irt import category_prob

BANKS = {"en": "arithmetic", "ko": "ko_math"}  # each language reads a bank written in it
WINDOW_HEIGHTS = (6000, 16000, 30000)  # tried in turn until the page ends in the window
DOCS = {  # one picture per audience for the README (the top of the page, made smaller)
    "learner-teacher-en.png": "report-teacher.png",
    "learner-learner-en.png": "report-learner.png",
    "class-teacher-ko.png": "report-class-ko.png",
    "learner-analyst-en.png": "report-analyst.png",
}
DOCS_WIDTH, DOCS_HEIGHT = 960, 2000  # pixels of a README picture (width, at most height)


def class_log(
    bank: at.ItemBank, n_children: int = 24, weeks: int = 6, seed: int = 11
) -> pd.DataFrame:
    """Six weeks of adaptive practice by a class that meets on different weekdays."""
    rng = np.random.default_rng(seed)
    logs = []
    for child in range(n_children):
        name = f"child-{child + 1:02d}"
        theta = rng.normal(-0.6, 0.9)
        growth = rng.normal(0.12, 0.08)  # logits per week
        first_day = pd.Timestamp("2026-09-01T15:30:00+09:00") + pd.Timedelta(days=child % 5)
        stays = weeks if child % 11 else 2  # a few stop coming after two weeks
        session = at.TutoringSession(
            bank,
            selector=at.TargetProbability(0.75),
            stopping_rule=at.MaxItems(8 * stays),
            seed=seed * 1000 + child,
            learner_id=name,
        )
        stamps, times = [], []
        for week in range(stays):
            for step in range(8):
                item = session.next_item()
                if item is None:
                    break
                position = bank.index_of(item.id)
                probability = category_prob(bank.params.take([position]), [theta + growth * week])
                score = int((rng.random() > probability[0, 0].cumsum()).sum())
                session.record(item.id, min(score, item.max_score))
                stamps.append(first_day + pd.Timedelta(days=7 * week, minutes=2 * step))
                times.append(float(rng.gamma(4.0, 9.0)))
        history = session.history.copy()
        history["timestamp"] = stamps[: len(history)]
        history["response_time"] = times[: len(history)]
        history["grade"] = 3 + child % 2
        logs.append(history)
    return pd.concat(logs, ignore_index=True)


def reports() -> dict[str, at.reports.Report]:
    """Every report, audience and language, by file stem."""
    made: dict[str, at.reports.Report] = {}
    child = "child-05"
    for locale, name in BANKS.items():
        bank = at.load_shipped_bank(name)
        log = class_log(bank)
        zone = "Asia/Seoul"
        for audience in ("teacher", "learner", "analyst"):
            made[f"learner-{audience}-{locale}"] = at.LearnerReport(
                log, bank, child, audience=audience, locale=locale, timezone=zone
            )
        for audience in ("teacher", "analyst"):
            made[f"class-{audience}-{locale}"] = at.ClassReport(
                log, bank, audience=audience, locale=locale, timezone=zone
            )
            made[f"item-{audience}-{locale}"] = at.ItemReport(
                log, bank, audience=audience, locale=locale, timezone=zone
            )
    return made


def _has_korean_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    listed = subprocess.run([fc_list, ":lang=ko"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def chromium() -> str:
    """Path of a Chromium binary with a Korean font present, installing them when possible."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found and _has_korean_font():
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing chromium and fonts-noto-cjk with apt-get ...")
        subprocess.run(["apt-get", "install", "-y", "chromium", "fonts-noto-cjk"], check=True)
        found = shutil.which("chromium") or shutil.which("chromium-browser")
        if found and _has_korean_font():
            return found
    raise SystemExit(
        "make screenshots needs headless Chromium and a font with Korean glyphs. On Debian "
        "or Ubuntu run: sudo apt-get install -y chromium fonts-noto-cjk (elsewhere install "
        "Chromium and Noto Sans CJK), then run make screenshots again."
    )


def photograph(browser: str, html: Path, png: Path) -> None:
    """A full-page PNG of ``html``: a tall window, then the blank space below cut off."""
    for height in WINDOW_HEIGHTS:
        _shoot(browser, html, png, height)
        if _trim(png):
            return


def _shoot(browser: str, html: Path, png: Path, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--screenshot={png}",
                f"--window-size=1280,{height}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )


def _trim(png: Path, margin: int = 24) -> bool:
    """Cut the white rows below the last drawn row; False when the page filled the window."""
    from PIL import Image  # the 'plots' extra brings Pillow (with matplotlib)

    with Image.open(png) as image:
        pixels = np.asarray(image.convert("L"))
        drawn = np.flatnonzero((pixels < 250).any(axis=1))
        bottom = int(drawn[-1]) + margin if drawn.size else pixels.shape[0]
        if bottom >= pixels.shape[0]:
            return False
        image.crop((0, 0, image.width, bottom)).save(png, optimize=True)
    return True


def _docs_picture(source: Path, target: Path) -> None:
    """The top of a page at README size, in 256 colours (small enough to commit)."""
    from PIL import Image

    with Image.open(source) as image:
        scale = DOCS_WIDTH / image.width
        height = min(image.height, round(DOCS_HEIGHT / scale))
        top = image.crop((0, 0, image.width, height)).convert("RGB")
        small = top.resize((DOCS_WIDTH, round(height * scale)), Image.Resampling.LANCZOS)
        small.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def main(argv: list[str] | None = None) -> int:
    """Write the HTML pages and their PNGs; optionally copy one per audience to ``--docs``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="build/screenshots", help="folder for HTML and PNG")
    parser.add_argument("--docs", default=None, help="also copy one PNG per audience here")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    browser = chromium()
    for stem, report in reports().items():
        html = out / f"{stem}.html"
        report.to_html(html)
        photograph(browser, html, out / f"{stem}.png")
        print(f"{out / stem}.png")
    if args.docs:
        docs = Path(args.docs)
        docs.mkdir(parents=True, exist_ok=True)
        for source, target in DOCS.items():
            _docs_picture(out / source, docs / target)
            print(f"{docs / target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
