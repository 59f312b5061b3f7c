"""Out-of-core calibration: chunks and Parquet give the in-memory fit; bad chunks are named."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor.calibration import CalibrationProgress, Calibrator, ResponseDataWarning
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.irt import ItemParams
from calibration_sim import simulate, to_long

pytest.importorskip("pyarrow", reason="the test extra installs pyarrow")


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    """A shuffled sparse 2PL log: learners' rows are spread over every chunk."""
    rng = np.random.default_rng(601)
    truth = ItemParams.dichotomous(rng.uniform(0.8, 1.8, 25), rng.normal(0, 1, 25))
    frame = to_long(simulate(truth, 2000, seed=602, density=0.4))
    return frame.sample(frac=1.0, random_state=603).reset_index(drop=True)


@pytest.fixture(scope="module")
def in_memory(log: pd.DataFrame) -> Calibrator:
    return Calibrator(model="2PL").fit(log)


def _pieces(frame: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    return [frame.iloc[i : i + size] for i in range(0, len(frame), size)]


def _assert_same_fit(fit: Calibrator, reference: Calibrator) -> None:
    assert fit.item_ids_ == reference.item_ids_
    np.testing.assert_allclose(fit.item_params_.a, reference.item_params_.a, rtol=0, atol=1e-8)
    np.testing.assert_allclose(fit.item_params_.b, reference.item_params_.b, rtol=0, atol=1e-8)
    np.testing.assert_allclose(fit.to_frame().se, reference.to_frame().se, rtol=0, atol=1e-8)
    assert fit.log_likelihood_ == pytest.approx(reference.log_likelihood_, abs=1e-8)
    assert (fit.n_learners_, fit.n_responses_, fit.n_iter_) == (
        reference.n_learners_,
        reference.n_responses_,
        reference.n_iter_,
    )


def test_list_of_chunks_equals_the_in_memory_fit(log: pd.DataFrame, in_memory: Calibrator) -> None:
    fit = Calibrator(model="2PL", chunk_size=4000).fit(_pieces(log, 3000))
    _assert_same_fit(fit, in_memory)


def test_generator_of_chunks_is_read_once_and_equals_the_in_memory_fit(
    log: pd.DataFrame, in_memory: Calibrator
) -> None:
    reads = []

    def chunks() -> Iterator[pd.DataFrame]:
        for piece in _pieces(log, 2500):
            reads.append(len(piece))
            yield piece

    fit = Calibrator(model="2PL", chunk_size=1000).fit(chunks())
    _assert_same_fit(fit, in_memory)
    assert sum(reads) == len(log)


def test_item_standard_errors_are_equal_too(log: pd.DataFrame) -> None:
    memory = Calibrator(model="2PL", standard_errors="item").fit(log)
    chunked = Calibrator(model="2PL", standard_errors="item", chunk_size=2000).fit(
        _pieces(log, 5000)
    )
    np.testing.assert_allclose(chunked.to_frame().se, memory.to_frame().se, rtol=0, atol=1e-8)


def test_parquet_directory_equals_the_in_memory_fit(
    log: pd.DataFrame, in_memory: Calibrator, tmp_path: Path
) -> None:
    for k in range(3):
        log.iloc[k::3].to_parquet(tmp_path / f"part-{k}.parquet", index=False)
    _assert_same_fit(Calibrator(model="2PL", chunk_size=2000).fit(tmp_path), in_memory)


def test_parquet_file_equals_the_in_memory_fit(
    log: pd.DataFrame, in_memory: Calibrator, tmp_path: Path
) -> None:
    path = tmp_path / "log.parquet"
    log.to_parquet(path, index=False, row_group_size=1500)
    _assert_same_fit(Calibrator(model="2PL", chunk_size=1000).fit(str(path)), in_memory)


def test_text_ids_and_last_duplicates_by_timestamp_match_the_in_memory_fit(
    log: pd.DataFrame,
) -> None:
    frame = log.assign(learner_id="kid-" + log.learner_id.astype(str))
    frame["timestamp"] = pd.Timestamp("2026-03-02") + pd.to_timedelta(np.arange(len(frame)), "s")
    repeats = frame.iloc[:40].assign(
        response=1 - frame.response.iloc[:40],
        timestamp=frame.timestamp.iloc[:40] - pd.Timedelta("1D"),
    )
    frame = pd.concat([frame, repeats], ignore_index=True)  # older repeats at the end
    with pytest.warns(ResponseDataWarning, match="Removed 40"):
        memory = Calibrator(model="2PL", duplicate_policy="last").fit(frame)
    with pytest.warns(ResponseDataWarning, match="Removed 40"):
        chunked = Calibrator(model="2PL", duplicate_policy="last").fit(_pieces(frame, 4000))
    _assert_same_fit(chunked, memory)


def test_reading_is_reported_chunk_by_chunk(log: pd.DataFrame) -> None:
    reports: list[CalibrationProgress] = []
    Calibrator(model="2PL", callback=reports.append, standard_errors=False).fit(_pieces(log, 4000))
    reading = [r for r in reports if r.stage == "reading"]
    assert [r.n_chunks for r in reading] == list(range(1, len(_pieces(log, 4000)) + 1))
    assert reading[-1].n_responses == len(log)


# ---------------------------------------------------------------- bad input
def test_chunk_with_a_new_column_layout_is_named(log: pd.DataFrame) -> None:
    pieces = _pieces(log, 4000)
    pieces[2] = pieces[2].rename(columns={"response": "score"})
    with pytest.raises(ResponseDataError, match=r"Chunk 2 has columns .*'score'.* but chunk 0"):
        Calibrator(model="2PL").fit(pieces)


def test_mixed_item_id_types_across_chunks_name_both_chunks(log: pd.DataFrame) -> None:
    pieces = _pieces(log.assign(item_id=log.item_id.str[1:].astype(int)), 4000)
    pieces[1] = pieces[1].assign(item_id=pieces[1].item_id.astype(str))
    with pytest.raises(ResponseDataError, match=r"In chunk 1, item_id values are text.*chunk 0"):
        Calibrator(model="2PL").fit(pieces)


def test_empty_parquet_directory_is_named(tmp_path: Path) -> None:
    empty = tmp_path / "empty-dir"
    empty.mkdir()
    with pytest.raises(ResponseDataError, match=r"directory .*empty-dir.* holds no \.parquet"):
        Calibrator().fit(empty)


def test_unreadable_parquet_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "broken.parquet").write_text("not parquet")
    with pytest.raises(ResponseDataError, match=r"Cannot read the Parquet file .*broken\.parquet"):
        Calibrator().fit(tmp_path)


def test_bad_response_names_the_chunk_and_the_item(log: pd.DataFrame) -> None:
    pieces = _pieces(log, 4000)
    pieces[1] = pieces[1].copy()
    pieces[1].iloc[0, pieces[1].columns.get_loc("response")] = 7.5
    with pytest.raises(ResponseDataError, match=r"In chunk 1: Responses must be integer"):
        Calibrator(model="2PL").fit(pieces)


def test_a_chunk_that_is_not_a_frame_is_named(log: pd.DataFrame) -> None:
    with pytest.raises(ResponseDataError, match=r"chunk 1 is a ndarray"):
        Calibrator(model="2PL").fit(iter([log.iloc[:100], log.to_numpy()]))


def test_duplicates_across_chunks_name_the_chunks(log: pd.DataFrame) -> None:
    pieces = [*_pieces(log, 4000), log.iloc[:3]]
    last = f"chunk {len(pieces) - 1}"
    with pytest.raises(ResponseDataError, match=rf"3 \(learner, item\) pair.*chunk 0 and {last}"):
        Calibrator(model="2PL").fit(pieces)
