from __future__ import annotations

import numpy as np

from crosscheck.pairing import encode, top_neighbours


def test_top_neighbours_masks_same_group_and_keeps_k() -> None:
    vecs = np.eye(4, dtype=np.float32)
    vecs[1] = vecs[0]  # 0 and 1 identical but in the same document
    vecs[2] = np.array([0.8, 0.6, 0, 0], dtype=np.float32)
    groups = np.array([0, 0, 1, 2])
    got = top_neighbours(vecs, vecs, groups, groups, k=1, threshold=0.5, block=2)
    assert (0, 2, np.float32(0.8)) in [(i, j, np.float32(round(s, 1))) for i, j, s in got]
    assert all(groups[i] != groups[j] for i, j, _ in got)
    assert len([1 for i, _, _ in got if i == 0]) == 1


def test_embeddings_rank_paraphrase_above_unrelated() -> None:
    emb = encode(
        [
            "The government will open a temporary office in the capital.",
            "Officials plan to set up a provisional office in the capital.",
            "The football team won the cup after extra time.",
        ]
    )
    assert emb.shape == (3, 384)
    assert float(emb[0] @ emb[1]) > float(emb[0] @ emb[2]) + 0.3
    assert np.allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-4)
