"""Write the example notebooks in notebooks/ from the cell lists below.

Run ``.venv/bin/python scripts/build_notebooks.py``; CI executes every notebook top to bottom
(tests/test_notebooks.py). Outputs are not stored: the notebooks are run, not read stale.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"

SIMULATED_CHILD = '''\
def simulated_answer(bank, item, true_theta, rng):
    """Draw a child's score for an item from the item's own IRT model."""
    probabilities = category_prob(bank.params.take([bank.index_of(item.id)]),
                                  np.array([true_theta]))[0, 0, : item.n_categories]
    return int(rng.choice(item.n_categories, p=probabilities / probabilities.sum()))'''

PROGRAMME_LOG = '''\
def simulate_programme_log(bank, n_learners, n_sessions, items_per_session, seed):
    """Simulate a learning centre's log: learners grow a little between weekly sessions."""
    rng = np.random.default_rng(seed)
    start = rng.normal(-0.5, 1.0, n_learners)
    growth = rng.normal(0.15, 0.1, n_learners)
    group = rng.choice(["centre A", "centre B"], n_learners)
    rows = []
    for session in range(n_sessions):
        theta = start + growth * session
        picks = np.stack([rng.choice(len(bank), items_per_session, replace=False)
                          for _ in range(n_learners)])
        for learner in range(n_learners):
            params = bank.params.take(picks[learner])
            probs = category_prob(params, np.array([theta[learner]]))[:, 0, :]
            for position, item_index in enumerate(picks[learner]):
                k = int(bank.params.n_categories[item_index])
                p = probs[position, :k] / probs[position, :k].sum()
                rows.append({
                    "learner_id": f"child-{learner:03d}",
                    "item_id": bank.item_ids[item_index],
                    "response": int(rng.choice(k, p=p)),
                    "timestamp": pd.Timestamp("2026-09-07") + pd.Timedelta(weeks=session,
                                                                         minutes=position),
                    "session_id": f"week-{session + 1}",
                    "response_time": float(rng.gamma(4.0, 10.0)),
                    "centre": group[learner],
                })
    return pd.DataFrame(rows)'''


def session_notebook() -> list[nbformat.NotebookNode]:
    return [
        new_markdown_cell(
            "# An adaptive practice session\n\n"
            "Load a shipped item bank, run a practice session for a (simulated) child, save and "
            "resume its state the way a web backend would, and build the learner report a "
            "teacher reads."
        ),
        new_code_cell(
            "import numpy as np\n"
            "import pandas as pd\n\n"
            "import adaptive_tutor as at\n"
            "from adaptive_tutor.irt import category_prob\n\n"
            'bank = at.load_shipped_bank("arithmetic")\n'
            "bank"
        ),
        new_code_cell('bank.to_frame().groupby("grade")[["a", "b"]].mean().round(2)'),
        new_markdown_cell(
            "The child's true ability per skill is unknown to the engine; we draw answers from "
            "the bank's own IRT model so the estimates can be checked against the truth."
        ),
        new_code_cell(
            SIMULATED_CHILD + "\n\n"
            "rng = np.random.default_rng(11)\n"
            "true_theta = dict(zip(bank.skill_ids, rng.normal(-0.5, 0.8, len(bank.skill_ids))))\n"
            "session = at.TutoringSession(\n"
            "    bank,\n"
            "    selector=at.TargetProbability(0.75),\n"
            "    stopping_rule=at.AnyOf(at.MaxItems(25), at.StandardErrorBelow(0.3)),\n"
            "    seed=2026,\n"
            '    learner_id="child-001",\n'
            ")\n"
            "for _ in range(10):\n"
            "    item = session.next_item()\n"
            "    session.record(item.id, simulated_answer(bank, item, true_theta[item.skills[0]], rng))\n"
            'session.history[["step", "item_id", "skill_id", "response", "theta", "se"]]'
        ),
        new_markdown_cell(
            "A stateless backend keeps no objects between requests: it stores the JSON state "
            "and calls `next_exercise` / `record_response`. A resumed session makes the same "
            "choices as one left running."
        ),
        new_code_cell(
            "import json\n\n"
            "state = json.loads(json.dumps(session.to_dict()))\n"
            "selector = at.TargetProbability(0.75)\n"
            "stop = at.AnyOf(at.MaxItems(25), at.StandardErrorBelow(0.3))\n"
            "while True:\n"
            "    item, state = at.next_exercise(bank, state, selector=selector, stopping_rule=stop)\n"
            "    if item is None:\n"
            "        break\n"
            "    score = simulated_answer(bank, item, true_theta[item.skills[0]], rng)\n"
            "    state = at.record_response(bank, state, item.id, score)\n"
            "resumed = at.TutoringSession.from_dict(bank, state, selector=selector, stopping_rule=stop)\n"
            "print(resumed.stop_decision().reason, resumed.n_responses, 'answers')\n"
            "resumed.skill_abilities().assign(\n"
            '    true_theta=lambda f: f["skill_id"].map(true_theta)).round(2)'
        ),
        new_markdown_cell(
            "The session history is a response log, so the learner report reads it directly."
        ),
        new_code_cell(
            'report = at.LearnerReport(resumed.history, bank, "child-001")\n'
            'report.to_frame("recommendations")'
        ),
        new_code_cell("report"),
    ]


def calibration_notebook() -> list[nbformat.NotebookNode]:
    return [
        new_markdown_cell(
            "# Calibrating a bank from response logs\n\n"
            "Shipped banks carry expert-judgement parameters. Once children have answered, "
            "`Calibrator` estimates the parameters by marginal maximum likelihood (EM). Here we "
            "simulate a sparse adaptive-style log from known parameters and check recovery."
        ),
        new_code_cell(
            "import numpy as np\n"
            "import pandas as pd\n\n"
            "import adaptive_tutor as at\n"
            "from adaptive_tutor.irt import category_prob\n\n"
            'bank = at.load_shipped_bank("fractions_decimals")\n'
            "rng = np.random.default_rng(5)\n"
            "n_learners, per_learner = 3000, 40\n"
            "theta = rng.normal(0, 1, n_learners)\n"
            "picks = np.stack([rng.choice(len(bank), per_learner, replace=False)\n"
            "                  for _ in range(n_learners)])\n"
            "probs = category_prob(bank.params, theta)  # items x learners x categories\n"
            "cumulative = probs[picks, np.arange(n_learners)[:, None], :].cumsum(axis=-1)\n"
            "responses = (rng.random((n_learners, per_learner, 1)) > cumulative).sum(axis=-1)\n"
            "log = pd.DataFrame({\n"
            '    "learner_id": np.repeat(np.arange(n_learners), per_learner),\n'
            '    "item_id": np.asarray(bank.item_ids)[picks.ravel()],\n'
            '    "response": responses.ravel(),\n'
            "})\n"
            'print(f"{len(log):,} responses, {len(log) / (n_learners * len(bank)):.0%} dense")'
        ),
        new_code_cell(
            "calibrator = at.Calibrator().fit(log, bank=bank)  # models taken from the bank\n"
            'print("converged:", calibrator.converged_, "iterations:", calibrator.n_iter_)\n'
            'print(f"log-likelihood {calibrator.log_likelihood_:.1f}, AIC {calibrator.aic_:.1f}")\n'
            "calibrator.to_frame().head(8)"
        ),
        new_code_cell(
            "calibrated = calibrator.to_item_bank(bank)\n"
            "truth, estimate = bank.params, calibrated.params\n"
            "dichotomous = truth.is_dichotomous\n"
            "pd.Series({\n"
            '    "RMSE a": np.sqrt(np.mean((truth.a - estimate.a) ** 2)),\n'
            '    "RMSE b (dichotomous)": np.sqrt(np.mean((truth.b - estimate.b)[dichotomous] ** 2)),\n'
            '    "RMSE c (3PL)": np.sqrt(np.mean((truth.c - estimate.c)[truth.c > 0] ** 2)),\n'
            "}).round(3)"
        ),
        new_markdown_cell(
            "Each dot is an item: its parameter in the simulation against the estimate from the "
            "log. Dots on the grey line are recovered exactly."
        ),
        new_code_cell(
            "%config InlineBackend.figure_formats = ['svg']\n"
            "import matplotlib.pyplot as plt\n\n"
            "fig, axes = plt.subplots(1, 2, figsize=(8, 3.6))\n"
            'panels = [("difficulty b", truth.b[dichotomous], estimate.b[dichotomous]),\n'
            '          ("slope a", truth.a, estimate.a)]\n'
            "for ax, (name, true_values, fitted_values) in zip(axes, panels):\n"
            "    ax.scatter(true_values, fitted_values, s=10, alpha=0.6)\n"
            "    low = min(true_values.min(), fitted_values.min())\n"
            "    high = max(true_values.max(), fitted_values.max())\n"
            '    ax.plot([low, high], [low, high], color="grey", linewidth=1)\n'
            '    ax.set(xlabel=f"true {name}", ylabel=f"estimated {name}")\n'
            'fig.suptitle("Item parameters recovered from 120,000 simulated answers")\n'
            "fig.tight_layout()\n"
            "plt.show()"
        ),
        new_markdown_cell(
            "New items can be calibrated onto the bank's scale with the known items held fixed "
            "(anchors). The result is a bank ready to save with `to_json`."
        ),
        new_code_cell(
            "anchors = list(bank.item_ids[:150])\n"
            "anchored = at.Calibrator(anchors=anchors).fit(log, bank=bank)\n"
            "new_items = list(bank.item_ids[150:])\n"
            "fitted = anchored.to_item_bank(bank)\n"
            "error = fitted.params.b[150:] - bank.params.b[150:]\n"
            'print(f"new items: {len(new_items)}, RMSE b on the anchored scale: "\n'
            '      f"{np.sqrt(np.mean(error[bank.params.is_dichotomous[150:]] ** 2)):.3f}")\n'
            "fitted[new_items[0]].irt"
        ),
    ]


def reports_notebook() -> list[nbformat.NotebookNode]:
    return [
        new_markdown_cell(
            "# Class and item reports\n\n"
            "Two learning centres' weekly logs for 240 children: the class report shows who needs "
            "attention; the item report helps bank maintainers find weak items."
        ),
        new_code_cell(
            "import numpy as np\n"
            "import pandas as pd\n\n"
            "import adaptive_tutor as at\n"
            "from adaptive_tutor.irt import category_prob\n\n" + PROGRAMME_LOG + "\n\n"
            'bank = at.load_shipped_bank("reading_vocabulary")\n'
            "log = simulate_programme_log(bank, n_learners=240, n_sessions=3, items_per_session=20,\n"
            "                             seed=3)\n"
            "log.head()"
        ),
        new_code_cell(
            'classes = at.ClassReport(log, bank, groups="centre")\n'
            'classes.attention[["learner_id", "reasons", "explanation"]].head(10)'
        ),
        new_code_cell('classes.to_frame("growth").describe().round(2)'),
        new_code_cell("print(classes.to_markdown()[:1500])"),
        new_code_cell(
            'items = at.ItemReport(log, bank, groups=log.groupby("learner_id")["centre"].first())\n'
            'items.to_frame("classical").sort_values("corrected_item_total").head(8)'
        ),
        new_code_cell(
            'dif = items.to_frame("dif")\n'
            'dif["ets_class"].value_counts() if len(dif) else items.section("dif").empty_message'
        ),
        new_markdown_cell(
            "A teacher's page is about their own class. Here, the first 24 children of centre "
            'A, as the teacher opens it (`to_html("class.html")` writes the same '
            "self-contained page): who needs attention first, then each child per skill and "
            "their growth."
        ),
        new_code_cell(
            'centre_a = sorted(log.loc[log["centre"] == "centre A", "learner_id"].unique())[:24]\n'
            'at.ClassReport(log[log["learner_id"].isin(centre_a)], bank, title="Centre A, class 1")'
        ),
        new_markdown_cell(
            "The item report for the bank's maintainers: the statistics of every item, a "
            "person-item map (the items' difficulties beside the children's abilities), test "
            "and item information and the items' characteristic curves."
        ),
        new_code_cell("items"),
    ]


def simulation_notebook() -> list[nbformat.NotebookNode]:
    return [
        new_markdown_cell(
            "# Choosing a test design by simulation\n\n"
            "Before children meet a design, simulate it: how precise are the estimates, how "
            "long are the tests, how often is each item shown, and how well is mastery "
            "classified?"
        ),
        new_code_cell(
            "import pandas as pd\n\n"
            "import adaptive_tutor as at\n\n"
            'bank = at.load_shipped_bank("arithmetic")\n'
            "designs = {\n"
            '    "random, 20 items": dict(selector=at.RandomSelection(), stopping_rule=at.MaxItems(20)),\n'
            '    "max information, 20 items": dict(selector=at.MaxInformation(),\n'
            "                                      stopping_rule=at.MaxItems(20)),\n"
            '    "max information + randomesque(5)": dict(\n'
            "        selector=at.MaxInformation(exposure=at.Randomesque(5)), stopping_rule=at.MaxItems(20)),\n"
            '    "max information, SE < 0.35 or 30 items": dict(\n'
            "        selector=at.MaxInformation(),\n"
            "        stopping_rule=at.AnyOf(at.StandardErrorBelow(0.35), at.MaxItems(30))),\n"
            "}\n"
            "results = {name: at.simulate(bank, 500, seed=1, **design)\n"
            "           for name, design in designs.items()}\n"
            "pd.DataFrame({name: result.metrics for name, result in results.items()}).T[\n"
            '    ["rmse", "bias", "mean_length", "max_exposure", "share_never_used", "overlap_rate"]\n'
            "].round(3)"
        ),
        new_code_cell('results["max information, SE < 0.35 or 30 items"].conditional.round(3)'),
        new_markdown_cell(
            "Practice simulations give every child one ability per skill; mastery labels are "
            "scored against true mastery."
        ),
        new_code_cell(
            "practice = at.simulate(bank, 300, selector=at.TargetProbability(0.75),\n"
            "                       stopping_rule=at.MaxItems(30), per_skill=True, seed=2)\n"
            "{key: round(value, 3) for key, value in practice.metrics.items()\n"
            ' if "classification" in key or "undetermined" in key}'
        ),
        new_code_cell('results["max information + randomesque(5)"]'),
    ]


def learning_models_notebook() -> list[nbformat.NotebookNode]:
    return [
        new_markdown_cell(
            "# Learning while practising: knowledge tracing and Elo\n\n"
            "IRT assumes a fixed ability, but children learn while they practise. Bayesian "
            "knowledge tracing (BKT) models learning per skill; Elo ratings follow learners "
            "and items online. Both plug into a tutoring session beside the IRT learner state."
        ),
        new_code_cell(
            "import pandas as pd\n\n"
            "import adaptive_tutor as at\n"
            "from adaptive_tutor.knowledge_tracing import (\n"
            "    BKTParams, cross_validate_by_learner, simulate_bkt)\n\n"
            'bank = at.load_shipped_bank("fractions_decimals")\n'
            "truth = BKTParams.uniform(list(bank.skill_ids), prior=0.25, learn=0.15,\n"
            "                          guess=0.2, slip=0.1)\n"
            "log = simulate_bkt(truth, n_learners=800, n_steps=12, seed=4)\n"
            "model = at.BayesianKnowledgeTracing(n_restarts=3).fit(log)\n"
            'model.params_.to_frame().describe().loc[["mean", "std"]].round(3)'
        ),
        new_code_cell(
            "cross_validate_by_learner(at.BayesianKnowledgeTracing(n_restarts=2), log,\n"
            '                          n_splits=3)[["fold", "auc", "rmse", "log_loss"]].round(3)'
        ),
        new_markdown_cell(
            "A session with a `TrackedLearner` updates the IRT state and the BKT state with "
            "every answer; practice selection then aims at BKT's prediction of the next answer."
        ),
        new_code_cell(
            "learner = at.TrackedLearner.start(bank, model)\n"
            "session = at.TutoringSession(bank, selector=at.TargetProbability(0.7),\n"
            "                             learner_model=learner, stopping_rule=at.MaxItems(8),\n"
            "                             seed=3)\n"
            "while (item := session.next_item()) is not None:\n"
            "    session.record(item.id, item.max_score)  # a child who gets everything right\n"
            "mastery = session.learner_model.mastery_probabilities()\n"
            "pd.Series(mastery).sort_values(ascending=False).head(5).round(3)"
        ),
        new_markdown_cell(
            "`trace` replays a log: BKT's probability that the skill is mastered after each "
            "answer. Four simulated children on one skill; hollow dots are wrong answers."
        ),
        new_code_cell(
            "%config InlineBackend.figure_formats = ['svg']\n"
            "import matplotlib.pyplot as plt\n\n"
            "traced = model.trace(log)\n"
            'one_skill = traced[traced["skill_id"] == bank.skill_ids[0]]\n'
            "fig, ax = plt.subplots(figsize=(7, 3.4))\n"
            'for learner, rows in list(one_skill.groupby("learner_id"))[:4]:\n'
            "    step = range(1, len(rows) + 1)\n"
            '    (line,) = ax.plot(step, rows["mastery_after"], label=f"child {learner}")\n'
            '    right = rows["correct"].to_numpy() == 1\n'
            '    ax.scatter([s for s, r in zip(step, right) if r], rows["mastery_after"][right],\n'
            "               color=line.get_color())\n"
            '    ax.scatter([s for s, r in zip(step, right) if not r], rows["mastery_after"][~right],\n'
            '               facecolors="white", edgecolors=line.get_color())\n'
            'ax.set(xlabel="answers on the skill", ylabel="P(mastered)", ylim=(0, 1))\n'
            'ax.legend(loc="lower right")\n'
            "fig.tight_layout()\n"
            "plt.show()"
        ),
        new_markdown_cell(
            "Elo ratings can bootstrap a bank's difficulties from a log before there are "
            "enough answers to calibrate, on the same logit scale as IRT."
        ),
        new_code_cell(
            "import numpy as np\n"
            "from adaptive_tutor.elo import estimate_item_difficulties\n"
            "from adaptive_tutor.irt import category_prob\n\n"
            "rng = np.random.default_rng(8)\n"
            "theta = rng.normal(0, 1, 1500)\n"
            "items = np.flatnonzero(bank.params.is_dichotomous)\n"
            "picks = rng.choice(items, size=(1500, 30))\n"
            "p_correct = category_prob(bank.params, theta)[:, :, 1]  # items x learners\n"
            "answers = rng.random(picks.shape) < p_correct[picks, np.arange(1500)[:, None]]\n"
            "elo_log = pd.DataFrame({\n"
            '    "learner_id": np.repeat(np.arange(1500), 30),\n'
            '    "item_id": np.asarray(bank.item_ids)[picks.ravel()],\n'
            '    "correct": answers.ravel().astype(int),\n'
            '    "order": np.tile(np.arange(30), 1500),\n'
            "})\n"
            "table = estimate_item_difficulties(elo_log, D=bank.scale_D)\n"
            "true_b = pd.Series(bank.params.b, index=bank.item_ids).loc[table.index]\n"
            "correlation = np.corrcoef(table['b'], true_b)[0, 1]\n"
            'print(f"correlation of Elo and true difficulties: {correlation:.3f}")\n'
            "table.head()"
        ),
        new_code_cell(
            "fig, ax = plt.subplots(figsize=(4.5, 4))\n"
            'ax.scatter(true_b, table["b"], s=10, alpha=0.6)\n'
            'ax.plot([-3, 3], [-3, 3], color="grey", linewidth=1)\n'
            'ax.set(xlabel="true difficulty b", ylabel="Elo difficulty (logits)",\n'
            '       title="Elo difficulties from 45,000 answers")\n'
            "fig.tight_layout()\n"
            "plt.show()"
        ),
    ]


NOTEBOOKS = {
    "01_adaptive_practice_session.ipynb": session_notebook,
    "02_calibration_from_logs.ipynb": calibration_notebook,
    "03_class_and_item_reports.ipynb": reports_notebook,
    "04_simulating_designs.ipynb": simulation_notebook,
    "05_knowledge_tracing_and_elo.ipynb": learning_models_notebook,
}


def main() -> None:
    NOTEBOOK_DIR.mkdir(exist_ok=True)
    for name, build in NOTEBOOKS.items():
        notebook = new_notebook(cells=build())
        for number, cell in enumerate(notebook.cells):
            cell.id = f"cell-{number:02d}"  # stable ids: rebuilding changes only what changed
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(notebook, NOTEBOOK_DIR / name)
        print(f"wrote notebooks/{name}")


if __name__ == "__main__":
    main()
