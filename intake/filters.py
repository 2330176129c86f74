import django_filters

from api.filters import ChoiceInFilter, StrictFilterSet
from articles.models import Article

from .models import Suggestion


class SuggestionFilterSet(StrictFilterSet):
    article = django_filters.ModelChoiceFilter(
        queryset=Article.objects.all(), label="Suggestions for this article (id)."
    )
    state = ChoiceInFilter(
        choices=Suggestion.State.choices,
        label="Suggestions in this state, or any of several comma-separated: pending, accepted, rejected, stale.",
    )

    class Meta:
        model = Suggestion
        fields = ("article", "state")
