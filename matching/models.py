from django.db import models

from claims.models import Claim


class ClaimEmbedding(models.Model):
    """A claim's sentence embedding, for finding it again when someone repeats it.

    The vector itself is the ``embedding vector(384)`` column that migration 0001 adds
    only where PostgreSQL has pgvector, with an HNSW cosine index over the checked claims;
    it is read and written with SQL in ``matching.vectors``, so this model (and every
    query through it) works on a server without the extension too. A separate table keeps
    the claims table, and its million-row hot paths, untouched."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="+")
    # sha256 of the embedded text with the model id: a claim whose text changed since is stale.
    text_sha256 = models.CharField(max_length=64)
    # Copy of "the claim has a published verdict", so the partial HNSW index serves the
    # default "checked claims only" search; kept by matching.services.claims_sync.
    checked = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "claim embedding"

    def __str__(self):
        return f"embedding of claim {self.claim_id}"


class Term(models.Model):
    """How many claims' matching documents contain a word: the inverse document frequency
    of BM25. Rebuilt by ``embed_claims`` (IDF moves slowly; new claims between rebuilds
    only make it a little stale). The row with the empty term counts the documents."""

    DOCUMENTS = ""

    term = models.CharField(max_length=100, primary_key=True)
    documents = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.term or '(documents)'}: {self.documents}"
