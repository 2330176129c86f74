import numpy as np
import pytest

from matching import embedding


def test_embeddings_are_384_dimensional_unit_vectors():
    vectors = embedding.embed(["Unemployment fell by half last year.", "", "a " * 600])
    assert vectors.shape == (3, embedding.DIMENSIONS) == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_embeddings_are_deterministic_whatever_the_batch():
    text = "The minister said unemployment fell by half last year."
    alone = embedding.embed_one(text)
    again = embedding.embed_one(text)
    among_others = embedding.embed(["Short.", text, "A much longer sentence that forces padding " * 5])[1]
    assert np.array_equal(alone, again)
    np.testing.assert_allclose(alone, among_others, atol=1e-5)


def test_a_paraphrase_is_nearer_than_an_unrelated_claim():
    claim, paraphrase, unrelated = embedding.embed(
        [
            "The unemployment rate fell to its lowest level in fifty years.",
            "Joblessness is at a 50-year low.",
            "The bridge was built with Chinese steel.",
        ]
    )
    assert claim @ paraphrase > 0.6
    assert claim @ unrelated < 0.3


def test_the_model_is_loaded_once_per_process():
    assert embedding.encoder() is embedding.encoder()


def test_a_changed_tokenizer_file_is_refused(tmp_path):
    changed = tmp_path / "tokenizer.json"
    changed.write_bytes(embedding.TOKENIZER_PATH.read_bytes() + b" ")
    assert embedding._checked(embedding.TOKENIZER_PATH, embedding.TOKENIZER_SHA256) == embedding.TOKENIZER_PATH
    with pytest.raises(embedding.ModelFileChanged, match="expected"):
        embedding._checked(changed, embedding.TOKENIZER_SHA256)
