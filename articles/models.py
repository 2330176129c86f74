from urllib.parse import unquote_plus, urlsplit, urlunsplit

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models import F, Q
from django.utils.text import slugify

from .querysets import PublisherQuerySet
from .validators import split_url, validate_article_url, validate_host_name, validate_language_tag

# Query parameters that only track where a reader came from; they never change
# which article a URL names, so they are dropped before URLs are compared.
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str) -> str:
    """Return the canonical form of an article URL, so one article has one URL.

    Lower-case scheme and host, no default port, no fragment, no ``utm_*`` or other
    tracking parameters; everything else (path case, parameters as written and in
    their order) is kept byte for byte. A URL that does not parse (an unclosed IPv6
    bracket, a port out of range) is a ValidationError, never silently changed.
    """
    url = url.strip()
    if not url:
        return url
    parts = split_url(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    netloc = host
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{host}"
    if port and DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{netloc}:{port}"
    kept = [
        piece
        for piece in parts.query.split("&")
        if piece
        and not (name := unquote_plus(piece.split("=", 1)[0]).lower()).startswith("utm_")
        and name not in TRACKING_PARAMETERS
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", "&".join(kept), ""))


def normalize_domain(domain: str) -> str:
    """``https://www.Example.com/x`` and ``Example.com.`` both become ``www.example.com``/``example.com``."""
    domain = domain.strip().lower()
    if "://" in domain:
        try:
            domain = urlsplit(domain).hostname or ""
        except ValueError:
            return domain  # left for validate_host_name to refuse
    return domain.split("/", 1)[0].rstrip(".")


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def slug_base(model: type[models.Model], value: str, *, max_length: int) -> str:
    return slugify(value)[: max_length - 6].strip("-") or model._meta.model_name


def unique_slug(model: type[models.Model], value: str, *, max_length: int, instance_pk=None) -> str:
    """A slug for ``value`` that no other row of ``model`` has: ``name``, ``name-2``, ..."""
    base = slug_base(model, value, max_length=max_length)
    others = model._default_manager.exclude(pk=instance_pk) if instance_pk else model._default_manager
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def violated_constraint(error: IntegrityError) -> str | None:
    """The name of the constraint or unique index a database error reports, if any."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def save_with_generated_slug(instance: models.Model, save, *, source: str, max_length: int) -> None:
    """``save()`` for a model whose slug is generated from ``source`` when left empty.

    Rows created at once whose names slugify alike would all pick the same free slug, and
    all but one would fail on the unique index (issue 12). So choosing a slug takes a
    transaction-scoped advisory lock on (table, base slug): the next writer waits until the
    first commits and then sees its slug. A slug typed in by hand that collides still fails
    as a unique violation (a 400 naming the field)."""
    if instance.slug:
        save()
        return
    model = type(instance)
    base = slug_base(model, getattr(instance, source), max_length=max_length)
    with transaction.atomic(using=instance._state.db or "default"):
        with connections[instance._state.db or "default"].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{model._meta.db_table}.slug:{base}"])
        instance.slug = unique_slug(model, getattr(instance, source), max_length=max_length, instance_pk=instance.pk)
        try:
            save()
        except BaseException:
            instance.slug = ""
            raise


def assign_generated_slugs(instances: list[models.Model], *, source: str, max_length: int) -> None:
    """``save_with_generated_slug``'s rule for many new rows at once (the ClaimReview import):
    the same advisory lock per (table, base slug), taken for every base in one sorted
    statement, so a concurrent single create waits as it would for another single create;
    then one read of the slugs taken under those bases, and ``name``, ``name-2``, … in list
    order, counting the list's own. Two queries however many rows; the caller inserts them
    before the transaction ends (the locks last until then)."""
    pending = [instance for instance in instances if not instance.slug]
    if not pending:
        return
    model = type(pending[0])
    table = model._meta.db_table
    bases = [slug_base(model, getattr(instance, source), max_length=max_length) for instance in pending]
    distinct = sorted(set(bases))
    with connections[pending[0]._state.db or "default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(k)) FROM "
            "(SELECT hashtext(%s || b)::bigint AS k FROM unnest(%s::text[]) b ORDER BY 1) ordered",
            [f"{table}.slug:", distinct],
        )
        patterns = [base.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for base in distinct]
        cursor.execute(f"SELECT slug FROM {connection_quote(table)} WHERE slug LIKE ANY(%s)", [patterns])
        taken = {slug for (slug,) in cursor.fetchall()}
    for instance, base in zip(pending, bases, strict=True):
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        instance.slug = slug


def connection_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def name_existing_records(instance: models.Model, error: ValidationError) -> ValidationError:
    """Add the record that holds the value to each "already exists" message of a unique
    field or single-field unique constraint (filed under that field), so a client sees which
    record (issue 12), whether validation or the database found it."""
    if not hasattr(error, "error_dict"):
        return error
    model = type(instance)
    single_field_constraints = {
        str(constraint.get_violation_error_message()): constraint.fields[0]
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and len(constraint.fields) == 1
    }
    concrete = {field.name for field in model._meta.concrete_fields}
    named: dict[str, list] = {}
    for name, errors in error.error_dict.items():
        for item in errors:
            field_name = name
            message = " ".join(item.messages)
            if name == NON_FIELD_ERRORS and message in single_field_constraints:
                field_name = single_field_constraints[message]
            if (item.code == "unique" or field_name != name) and field_name in concrete:
                field = model._meta.get_field(field_name)
                other = (
                    model._default_manager.filter(**{field.attname: getattr(instance, field.attname)})
                    .exclude(pk=instance.pk)
                    .first()
                )
                if other is not None:
                    item = ValidationError(f"{message} (id {other.pk}: “{other}”)", code="unique")
            named.setdefault(field_name, []).append(item)
    return ValidationError(named)


def integrity_error_as_validation_error(instance: models.Model, error: IntegrityError) -> ValidationError:
    """A unique constraint lost to a concurrent writer, as the ValidationError validation
    would have given had the other row been there first: naming the field and the record
    that holds the value (issue 12). Other integrity errors get a generic message."""
    model = type(instance)
    name = violated_constraint(error) or ""
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key and name.startswith(f"{model._meta.db_table}_{field.column}_"):
            value = getattr(instance, field.attname)
            other = model._default_manager.filter(**{field.attname: value}).exclude(pk=instance.pk).first()
            which = f" (id {other.pk}: “{other}”)" if other is not None else ""
            return ValidationError(
                {field.name: f"A {model._meta.verbose_name} with this {field.verbose_name} already exists{which}."},
                code="unique",
            )
    for constraint in model._meta.constraints:
        if constraint.name == name and isinstance(constraint, models.UniqueConstraint):
            message = constraint.violation_error_message or f"This {model._meta.verbose_name} already exists."
            code = constraint.violation_error_code or "unique"
            fields = list(constraint.fields)
            if len(fields) == 1:
                other = (
                    model._default_manager.filter(
                        **{fields[0]: getattr(instance, model._meta.get_field(fields[0]).attname)}
                    )
                    .exclude(pk=instance.pk)
                    .first()
                )
                which = f" (id {other.pk}: “{other}”)" if other is not None else ""
                return ValidationError({fields[0]: ValidationError(f"{message}{which}", code=code)})
            return ValidationError(str(message), code=code)
    return ValidationError(
        "This conflicts with a record that was saved at the same time; reload and try again.",
        code="conflict",
    )


class Publisher(TimeStampedModel):
    """A news outlet or organisation that publishes articles (Pakistan Point, Sputnik, a ministry)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        help_text="Generated from the name when left empty.",
    )
    domain = models.CharField(
        max_length=253,
        blank=True,
        help_text="The publisher's web domain, e.g. pakistanpoint.com (optional, unique).",
    )

    objects = PublisherQuerySet.as_manager()

    class Meta:
        ordering = ("name",)
        constraints = (
            models.UniqueConstraint(
                fields=("domain",),
                condition=~Q(domain=""),
                name="%(app_label)s_%(class)s_unique_domain",
                violation_error_message="Another publisher already has this domain.",
            ),
        )

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.domain = normalize_domain(self.domain)
        save = super().save
        save_with_generated_slug(self, lambda: save(*args, **kwargs), source="name", max_length=200)

    def clean(self):
        self.domain = normalize_domain(self.domain)
        self.name = self.name.strip()
        if self.domain:
            # Checked once normalised (https://www.Example.com/x is accepted as www.example.com),
            # hence here and not as a field validator.
            try:
                validate_host_name(self.domain)
            except ValidationError as error:
                raise ValidationError({"domain": error.messages}) from error


NEWEST_FIRST = F("published_at").desc(nulls_last=True)


class Article(TimeStampedModel):
    """One published piece of news, with its full text so quotes can be located in it."""

    url = models.URLField(
        "URL",
        max_length=2000,
        unique=True,
        help_text="Stored normalised: lower-case scheme and host, no fragment, no utm_* parameters.",
        error_messages={"unique": "An article with this URL (after normalisation) already exists."},
        validators=[validate_article_url],
    )
    title = models.CharField(max_length=500)
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT, related_name="articles")
    byline = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=35,
        default="en",
        help_text="BCP 47 language tag, e.g. en, fr, pt-BR.",
        validators=[validate_language_tag],
    )
    body = models.TextField(blank=True, help_text="The full text; appearance offsets point into it.")

    class Meta:
        # Newest first with undated articles last, as ?ordering=-published_at sorts
        # (api.filters.StableOrderingFilter) and as claims do; the indexes match it exactly,
        # so the list and the publisher filter are index scans that stop after a page.
        ordering = (NEWEST_FIRST, "-id")
        indexes = (
            models.Index(NEWEST_FIRST, F("id").desc(), name="articles_article_published_idx"),
            models.Index(F("publisher"), NEWEST_FIRST, F("id").desc(), name="articles_article_publisher_idx"),
        )
        constraints = (
            models.CheckConstraint(
                condition=~Q(url__contains="#") & ~Q(url__regex=r"[?&]utm_"),
                name="%(app_label)s_%(class)s_url_normalised",
                violation_error_message="The URL must be stored normalised (no fragment, no utm_* parameters).",
            ),
        )

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.url = normalize_url(self.url)
        super().save(*args, **kwargs)

    def clean(self):
        # Before validate_unique, so two spellings of one URL collide.
        if self.url:
            self.url = normalize_url(self.url)
