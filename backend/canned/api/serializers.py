from rest_framework import serializers

from canned.models import CannedAnswer
from common.api import StrictIn


class CannedAnswerQueryIn(serializers.Serializer):
    category = serializers.SlugField(
        required=False, help_text="Category slug: that category's and those for every category."
    )
    use = serializers.ChoiceField(choices=CannedAnswer.Use.choices, required=False)


class CannedAnswerOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    use = serializers.ChoiceField(choices=CannedAnswer.Use.choices)
    category = serializers.SlugField(
        source="category.slug", allow_null=True, help_text="Null: fits every category."
    )
    category_name = serializers.CharField(source="category.name", allow_null=True)
    updated_at = serializers.DateTimeField()


class CannedAnswerIn(StrictIn):
    title = serializers.CharField(max_length=80)
    body = serializers.CharField(max_length=4000)
    use = serializers.ChoiceField(choices=CannedAnswer.Use.choices, default=CannedAnswer.Use.ANSWER)
    category = serializers.SlugField(
        required=False, allow_null=True, help_text="Category slug; null or absent: every category."
    )


class CannedAnswerPatchIn(StrictIn):
    title = serializers.CharField(max_length=80, required=False)
    body = serializers.CharField(max_length=4000, required=False)
    use = serializers.ChoiceField(choices=CannedAnswer.Use.choices, required=False)
    category = serializers.SlugField(
        required=False, allow_null=True, help_text="Category slug; null: every category."
    )
