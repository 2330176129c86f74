"""schema.org ``ClaimReview``, both ways (issue 5): the format the fact-checking ecosystem
(Google Fact Check Explorer, Data Commons feeds) publishes and reuses verdicts in. A
sub-domain of claims with its own modules (issue 11):

- ``export``: a published verdict as ClaimReview, a page of them as a DataFeed;
- ``parsing``: ClaimReview JSON-LD or a Fact Check Tools response read into records;
- ``services``: ``claimreview_import``, the one import entry point (API and command);
- ``serializers``, ``views``, ``schema``: its API (feed, import, JSON-LD renderer and
  parser, feed pagination, import permission) and its OpenAPI description.

It builds on ``claims.models`` and ``claims.services``; neither imports it back.
"""
