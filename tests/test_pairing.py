from __future__ import annotations

import numpy as np
import pytest

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


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_a_sentences_vector_does_not_depend_on_its_batch(precision: str) -> None:
    # Batches hold one token length each, so padding never enters: a vector read from the cache
    # equals the one a fresh run would compute, whatever else was encoded alongside.
    template = "The port handled {} million containers last year."
    alone = encode([template.format(12)], precision=precision)[0]
    same_length = [template.format(n) for n in range(20, 60)]
    longer = ["The ministry said on Monday that the embassy, closed since 1960, could reopen in July."]
    batched = encode([*same_length, *longer, template.format(12)], precision=precision)[-1]
    assert np.abs(alone - batched).max() < 1e-5
    assert abs(float(np.linalg.norm(batched)) - 1.0) < 1e-5  # unit length in float32, even from bf16


def test_bf16_and_fp32_vectors_agree_closely() -> None:
    texts = [
        "The government will open a temporary office in the capital.",
        "Officials plan to set up a provisional office in the capital.",
    ]
    full, half = encode(texts, precision="fp32"), encode(texts, precision="bf16")
    assert np.all(np.sum(full * half, axis=1) > 0.99)
    assert abs(float(full[0] @ full[1]) - float(half[0] @ half[1])) < 0.02
