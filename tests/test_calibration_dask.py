"""Dask: a dask.dataframe fit on a 2-worker LocalCluster equals the in-memory fit."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor.calibration import Calibrator
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.irt import ItemParams
from calibration_sim import simulate, to_long

dd = pytest.importorskip("dask.dataframe", reason="the test extra installs dask")
distributed = pytest.importorskip("distributed", reason="the test extra installs distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as active,
    ):
        yield active


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    rng = np.random.default_rng(701)
    truth = ItemParams.dichotomous(rng.uniform(0.8, 1.8, 20), rng.normal(0, 1, 20))
    frame = to_long(simulate(truth, 1500, seed=702, density=0.4))
    return frame.sample(frac=1.0, random_state=703).reset_index(drop=True)


def test_dask_fit_equals_the_in_memory_fit(client: object, log: pd.DataFrame) -> None:
    memory = Calibrator(model="2PL").fit(log)
    fit = Calibrator(model="2PL").fit(dd.from_pandas(log, npartitions=4))
    assert fit.item_ids_ == memory.item_ids_
    np.testing.assert_allclose(fit.item_params_.a, memory.item_params_.a, rtol=0, atol=1e-8)
    np.testing.assert_allclose(fit.item_params_.b, memory.item_params_.b, rtol=0, atol=1e-8)
    np.testing.assert_allclose(fit.to_frame().se, memory.to_frame().se, rtol=0, atol=1e-8)
    assert fit.log_likelihood_ == pytest.approx(memory.log_likelihood_, abs=1e-8)
    assert (fit.n_learners_, fit.n_responses_, fit.n_iter_) == (
        memory.n_learners_,
        memory.n_responses_,
        memory.n_iter_,
    )


def test_bad_partition_is_named(client: object, log: pd.DataFrame) -> None:
    frame = log.assign(response=log.response.astype(float))
    frame.loc[len(frame) - 1, "response"] = 2.5
    with pytest.raises(ResponseDataError, match=r"In partition 3: Responses must be integer"):
        Calibrator(model="2PL").fit(dd.from_pandas(frame, npartitions=4, sort=False))


def test_first_or_last_needs_a_timestamp_on_dask(client: object, log: pd.DataFrame) -> None:
    with pytest.raises(ResponseDataError, match="needs a 'timestamp' column"):
        Calibrator(duplicate_policy="last").fit(dd.from_pandas(log, npartitions=2))
