"""Pad (learner, skill) answer sequences into a time-major array."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__: list[str] = []


@dataclass(frozen=True)
class Sequences:
    """Answer sequences, one per (skill, learner) pair, sorted by skill.

    ``correct`` is time-major ``(max_len, n_sequences)``, padded with False after each
    sequence's end (``lengths``). ``skill`` gives each sequence's skill code; ``skill_starts`` the
    first sequence of each skill (sequences are sorted by skill). ``entry`` maps each encoded
    log row to its ``(time, sequence)`` cell.
    """

    correct: npt.NDArray[np.bool_]
    lengths: npt.NDArray[np.intp]
    skill: npt.NDArray[np.intp]
    skill_starts: npt.NDArray[np.intp]
    entry_time: npt.NDArray[np.intp]
    entry_sequence: npt.NDArray[np.intp]

    @property
    def n_sequences(self) -> int:
        return int(self.lengths.shape[0])


def build_sequences(
    learner_codes: npt.NDArray[np.intp],
    skill_codes: npt.NDArray[np.intp],
    correct: npt.NDArray[np.int8],
    n_skills: int,
) -> Sequences:
    """Group answers into padded sequences (vectorised; no loop over learners).

    Rows must be in time order within each learner (checked by ``encode_log``).
    """
    n = skill_codes.shape[0]
    position = np.arange(n, dtype=np.intp)
    order = np.lexsort((position, learner_codes, skill_codes))
    skill_sorted = skill_codes[order]
    learner_sorted = learner_codes[order]
    new_sequence = np.ones(n, dtype=bool)
    new_sequence[1:] = (skill_sorted[1:] != skill_sorted[:-1]) | (
        learner_sorted[1:] != learner_sorted[:-1]
    )
    sequence_of_sorted = np.cumsum(new_sequence) - 1
    starts = np.flatnonzero(new_sequence)
    lengths = np.diff(np.append(starts, n)).astype(np.intp)
    time_of_sorted = np.arange(n) - starts[sequence_of_sorted]
    n_sequences = starts.shape[0]
    max_len = int(lengths.max())

    padded = np.zeros((max_len, n_sequences), dtype=bool)
    padded[time_of_sorted, sequence_of_sorted] = correct[order].astype(bool)
    skill = skill_sorted[starts].astype(np.intp)
    skill_starts = np.searchsorted(skill, np.arange(n_skills)).astype(np.intp)

    entry_time = np.empty(n, dtype=np.intp)
    entry_sequence = np.empty(n, dtype=np.intp)
    entry_time[order] = time_of_sorted
    entry_sequence[order] = sequence_of_sorted
    return Sequences(
        correct=padded,
        lengths=lengths,
        skill=skill,
        skill_starts=skill_starts,
        entry_time=entry_time,
        entry_sequence=entry_sequence,
    )
