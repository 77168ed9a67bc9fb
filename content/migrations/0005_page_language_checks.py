"""Every page has a complete English version; each language's review dates make sense."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("content", "0004_copy_english_into_language_fields")]

    operations = [
        migrations.AddConstraint(
            model_name="page",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("body_en__gt", ""),
                    ("last_reviewed_en__isnull", False),
                    ("next_review_due_en__isnull", False),
                    ("summary_en__gt", ""),
                    ("title_en__gt", ""),
                ),
                name="content_page_has_english_version",
                violation_error_message="Every page needs its English title, summary, text and review dates.",
            ),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.CheckConstraint(
                condition=models.Q(("next_review_due_en__gte", models.F("last_reviewed_en"))),
                name="content_page_review_due_after_last_review_en",
                violation_error_message="The next review must be due on or after the last review.",
            ),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.CheckConstraint(
                condition=models.Q(("next_review_due_es__gte", models.F("last_reviewed_es"))),
                name="content_page_review_due_after_last_review_es",
                violation_error_message="The next review must be due on or after the last review.",
            ),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("last_reviewed_es__isnull", True), ("next_review_due_es__isnull", True)
                    ),
                    models.Q(
                        ("last_reviewed_es__isnull", False), ("next_review_due_es__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="content_page_review_dates_together_es",
                violation_error_message="Give both review dates, or neither.",
            ),
        ),
    ]
