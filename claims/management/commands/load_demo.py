"""Load the shipped demonstration article with its speakers, claims and verdicts.

``make run`` calls this on every start, so it only ever adds what is missing: rows are
found by their natural keys (publisher domain or name, article URL, speaker slug, claim
text and speaker, verdict summary, evidence URL) and left exactly as they are when found,
so edits made while trying the admin survive a restart.
"""

from collections import Counter
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Q

from articles.models import Article, Publisher, normalize_url
from articles.quotes import locate_quote
from claims import services
from claims.demo import idlib
from claims.models import Appearance, Claim, Evidence, Rating, Speaker, Verdict

PUBLISHED = "published"


class Command(BaseCommand):
    help = (
        "Load the demonstration article (Idlib, 7 September 2018) with its claims and "
        "verdicts. Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        self.created = Counter()
        try:
            with transaction.atomic():
                self.load()
        except ValidationError as error:
            raise CommandError(f"Demo data not loaded: {error}") from error
        if options["verbosity"] >= 1:
            self.stdout.write(self.summary())

    def load(self) -> None:
        publisher = self.get_or_create(
            Publisher.objects.filter(Q(domain=idlib.PUBLISHER["domain"]) | Q(name=idlib.PUBLISHER["name"])),
            Publisher(**idlib.PUBLISHER),
        )
        article = self.get_or_create(
            Article.objects.filter(url=normalize_url(idlib.ARTICLE["url"])),
            Article(publisher=publisher, **idlib.ARTICLE),
        )
        speakers = {
            data["slug"]: self.get_or_create(Speaker.objects.filter(slug=data["slug"]), Speaker(**data))
            for data in idlib.SPEAKERS
        }
        claims = {
            demo.key: self.load_claim(demo, speaker=speakers[demo.speaker], article=article) for demo in idlib.CLAIMS
        }
        for demo in idlib.VERDICTS:
            self.load_verdict(demo, claim=claims[demo.claim])

    def get_or_create(self, existing: models.QuerySet, new: models.Model) -> models.Model:
        """The first row of ``existing``, else ``new`` validated and saved."""
        found = existing.order_by("pk").first()
        if found is not None:
            return found
        new.full_clean()
        new.save()
        self.created[type(new)] += 1
        return new

    def load_claim(self, demo: idlib.DemoClaim, *, speaker: Speaker, article: Article) -> Claim:
        claim = Claim.objects.filter(speaker=speaker, text=demo.text).order_by("pk").first()
        missing = demo.appearances
        if claim is None:
            first, *missing = demo.appearances
            start, end = self.locate(first.quote, article)
            claim = services.claim_create(
                text=demo.text,
                speaker=speaker,
                by=None,
                article=article,
                quote=first.quote,
                is_direct_quote=first.is_direct_quote,
                start=start,
                end=end,
                claimed_at=demo.claimed_at,
                context=demo.context,
                status=demo.status,
            )
            self.created[Claim] += 1
            self.created[Appearance] += 1
        for appearance in missing:
            start, end = self.locate(appearance.quote, article)
            # Stored as the body's own text, which may differ from the shipped quote's spelling.
            if claim.appearances.filter(article=article, quote=article.body[start:end]).exists():
                continue
            services.appearance_create(
                claim=claim,
                article=article,
                quote=appearance.quote,
                is_direct_quote=appearance.is_direct_quote,
                start=start,
                end=end,
            )
            self.created[Appearance] += 1
        return claim

    def locate(self, quote: str, article: Article) -> tuple[int, int]:
        """Offsets of ``quote`` in the body, by the rule every quote follows (articles.quotes:
        typographic quotes, dashes and whitespace tolerated); a quote that is not there is a
        broken demo, not a claim to log without offsets."""
        span = locate_quote(article.body, quote)
        if span is None:
            raise CommandError(f"Demo quote not found in the body of {article.url}: {quote!r}")
        return span.start, span.end

    def load_verdict(self, demo: idlib.DemoVerdict, *, claim: Claim) -> None:
        verdict = Verdict.objects.filter(claim=claim, summary=demo.summary).order_by("pk").first()
        is_new = verdict is None
        if is_new:
            rating = Rating.objects.filter(slug=demo.rating).first()
            if rating is None:
                raise CommandError(
                    f"The demo needs the rating {demo.rating!r} of the default scale; it has been renamed or deleted."
                )
            verdict = services.verdict_create(
                claim=claim,
                rating=rating,
                summary=demo.summary,
                analysis=demo.analysis,
                reviewer=demo.reviewer,
                by=None,
            )
            self.created[Verdict] += 1
        for evidence in demo.evidence:
            self.get_or_create(verdict.evidence.filter(url=evidence.url), Evidence(verdict=verdict, **asdict(evidence)))
        # Only a verdict created just now: one an editor withdrew stays withdrawn.
        if is_new and demo.publish:
            services.verdict_publish(verdict=verdict, by=None)
            self.created[PUBLISHED] += 1

    def summary(self) -> str:
        if not self.created:
            return "Demo data already loaded; nothing changed."
        parts = []
        for model in (Publisher, Article, Speaker, Claim, Appearance, Verdict, Evidence):
            count = self.created[model]
            if not count:
                continue
            meta = model._meta
            part = f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"
            if model is Verdict:
                part += f" ({self.created[PUBLISHED]} published)"
            parts.append(part)
        return "Demo data: " + ", ".join(parts) + "."
