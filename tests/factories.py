"""Factories for every model, in one place. Claims and verdicts go through the services
where a rule applies (``published_verdict`` publishes with ``verdict_publish``)."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article, Publisher
from claims import services
from claims.models import Appearance, Claim, Evidence, Rating, Speaker, Verdict


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class EditorFactory(UserFactory):
    """A staff user in the Editors group: the desk's everyday account, not a superuser."""

    is_staff = True

    @factory.post_generation
    def editors_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Editors"))


class PublisherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publisher

    name = factory.Sequence(lambda n: f"Publisher {n}")
    domain = factory.Sequence(lambda n: f"publisher{n}.example")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    url = factory.Sequence(lambda n: f"https://news.example/articles/{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = factory.SubFactory(PublisherFactory)
    published_at = factory.Sequence(
        lambda n: datetime.datetime(2018, 9, 7, tzinfo=datetime.UTC) + datetime.timedelta(hours=n)
    )
    body = "The minister said that unemployment fell by half last year. Critics disagreed."


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    kind = Speaker.Kind.PERSON


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Claim number {n} about unemployment")
    speaker = factory.SubFactory(SpeakerFactory)
    claimed_at = datetime.date(2018, 9, 7)
    status = Claim.Status.NEW


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    claim = factory.SubFactory(ClaimFactory)
    article = factory.SubFactory(ArticleFactory)
    quote = "unemployment fell by half last year"
    is_direct_quote = True


def rating(slug: str) -> Rating:
    """One of the seeded ratings (the migration creates the default scale)."""
    return Rating.objects.get(slug=slug)


class VerdictFactory(factory.django.DjangoModelFactory):
    """A draft verdict; use ``published_verdict`` for a published one."""

    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.LazyFunction(lambda: rating("false"))
    summary = factory.Sequence(lambda n: f"Verdict summary {n}")
    analysis = "Long analysis."
    reviewer = "A. Checker"


def published_verdict(**kwargs) -> Verdict:
    verdict = VerdictFactory(**kwargs)
    services.verdict_publish(verdict=verdict)
    verdict.refresh_from_db()
    return verdict


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    verdict = factory.SubFactory(VerdictFactory)
    url = factory.Sequence(lambda n: f"https://evidence.example/{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    source = "Statistics office"
    stance = Evidence.Stance.REFUTES
