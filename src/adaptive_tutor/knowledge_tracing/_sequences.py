"""Group a log's answers into (learner, skill) answer sequences."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__: list[str] = []


@dataclass(frozen=True)
class Sequences:
    """Answer sequences, one per (skill, learner) pair, sorted by skill.

    ``correct`` holds the answers sequence after sequence (sequence ``s`` at ``starts[s] :
    starts[s] + lengths[s]``, in time order), so memory is one byte per answer whatever the
    spread of lengths. ``skill`` gives each sequence's skill code; ``skill_starts`` the first
    sequence of each skill. ``entry_time`` and ``entry_sequence`` map each encoded log row to
    its answer position and sequence.
    """

    correct: npt.NDArray[np.bool_]
    starts: npt.NDArray[np.intp]
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
    """Group answers into sequences (vectorised; no loop over learners).

    Rows must be in time order within each learner (checked by the log checker).
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
    starts = np.flatnonzero(new_sequence).astype(np.intp)
    lengths = np.diff(np.append(starts, n)).astype(np.intp)
    time_of_sorted = np.arange(n) - starts[sequence_of_sorted]
    skill = skill_sorted[starts].astype(np.intp)
    skill_starts = np.searchsorted(skill, np.arange(n_skills)).astype(np.intp)

    entry_time = np.empty(n, dtype=np.intp)
    entry_sequence = np.empty(n, dtype=np.intp)
    entry_time[order] = time_of_sorted
    entry_sequence[order] = sequence_of_sorted
    return Sequences(
        correct=correct[order].astype(bool),
        starts=starts,
        lengths=lengths,
        skill=skill,
        skill_starts=skill_starts,
        entry_time=entry_time,
        entry_sequence=entry_sequence,
    )
