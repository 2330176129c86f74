"""The audit trail in an editor's words, for the admin's history pages (issue 14): "Amina
changed the claim's status from New to In review", with related rows named, not numbered."""

from django.db.models import ForeignKey
from django.utils.text import Truncator

from .models import Appearance, Claim, Evidence, Verdict

MODELS = {model._meta.model_name: model for model in (Claim, Appearance, Verdict, Evidence)}


def _label(model, obj) -> str:
    if obj is None:
        return ""
    if model is Appearance:
        return f"in “{Truncator(obj.article.title).chars(60)}”"
    return f"“{Truncator(str(obj)).chars(60)}”"


def in_words(entries: list[dict]) -> list[dict]:
    """Each audit entry with ``sentence`` and ``details`` (field: old → new) in words. A fixed
    number of queries: one per model that appears, one per related model named."""
    ids: dict[str, set] = {}
    related: dict[type, set] = {}
    for entry in entries:
        ids.setdefault(entry["object_type"], set()).add(entry["object_id"])
        model = MODELS[entry["object_type"]]
        for change in entry["changes"]:
            field = _field(model, change["field"])
            if isinstance(field, ForeignKey):
                related.setdefault(field.related_model, set()).update(
                    v for v in (change["old"], change["new"]) if v is not None
                )
    objects = {}
    for name, pks in ids.items():
        queryset = MODELS[name]._default_manager.all()
        if MODELS[name] is Appearance:
            queryset = queryset.select_related("article")
        objects[name] = queryset.in_bulk(pks)
    names = {model: model._default_manager.in_bulk(pks) for model, pks in related.items()}

    described = []
    for entry in entries:
        model = MODELS[entry["object_type"]]
        who = entry["by"].get_username() if entry["by"] else "Someone"
        what = f"{model._meta.verbose_name} {_label(model, objects[entry['object_type']].get(entry['object_id']))}"
        details = []
        published = None
        for change in entry["changes"]:
            field = _field(model, change["field"])
            if field is None:
                continue
            if field.name == "published_at" and entry["action"] == "changed":
                published = change["new"] is not None
                continue
            old, new = (_value(field, change[key], names) for key in ("old", "new"))
            if entry["action"] == "created":
                details.append(f"{field.verbose_name}: {new}")
            else:
                details.append(f"{field.verbose_name}: {old} → {new}")
        if published is True:
            sentence = f"{who} published the {what}"
        elif published is False:
            sentence = f"{who} withdrew the {what}"
        else:
            sentence = f"{who} {entry['action']} the {what}"
        described.append(
            {
                **entry,
                "sentence": sentence.strip(),
                "details": details,
            }
        )
    return described


def _field(model, attname):
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    return None


def _value(field, value, names) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(field, ForeignKey):
        obj = names.get(field.related_model, {}).get(value)
        return f"“{Truncator(str(obj)).chars(60)}”" if obj is not None else f"#{value} (deleted)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M" if hasattr(value, "hour") else "%Y-%m-%d")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return f"“{Truncator(str(value)).chars(80)}”"
