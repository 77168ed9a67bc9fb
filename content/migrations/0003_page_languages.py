"""
One column per language for the translated fields (content/translation.py). The English
text is copied into its own columns by 0004, and the checks on them come in 0005.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_page"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="page",
            options={"ordering": ["nav_order", "title_en"]},
        ),
        migrations.RemoveConstraint(
            model_name="page",
            name="content_page_review_due_after_last_review",
        ),
        migrations.AddField(
            model_name="clinicprofile",
            name="hours_en",
            field=models.TextField(
                default="Monday to Friday, 9 am to 5 pm (placeholder: replace in the admin)",
                help_text="As patients should read it, one line per day or range of days.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="clinicprofile",
            name="hours_es",
            field=models.TextField(
                default="Monday to Friday, 9 am to 5 pm (placeholder: replace in the admin)",
                help_text="As patients should read it, one line per day or range of days.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="body_en",
            field=models.TextField(
                help_text="Markdown: ## for a heading, - for a list item, [text](https://address) for a link. Scripts and styling are removed.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="body_es",
            field=models.TextField(
                help_text="Markdown: ## for a heading, - for a list item, [text](https://address) for a link. Scripts and styling are removed.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="last_reviewed_en",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="last_reviewed_es",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="nav_label_en",
            field=models.CharField(
                blank=True,
                help_text="A short name for the main menu. Leave blank to keep the page out of the menu.",
                max_length=40,
                null=True,
                verbose_name="menu label",
            ),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="nav_label_es",
            field=models.CharField(
                blank=True,
                help_text="A short name for the main menu. Leave blank to keep the page out of the menu.",
                max_length=40,
                null=True,
                verbose_name="menu label",
            ),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="next_review_due_en",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="next_review_due_es",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="reviewer_credentials_en",
            field=models.CharField(
                blank=True,
                help_text="For example: MD.",
                max_length=120,
                null=True,
                verbose_name="reviewer's credentials",
            ),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="reviewer_credentials_es",
            field=models.CharField(
                blank=True,
                help_text="For example: MD.",
                max_length=120,
                null=True,
                verbose_name="reviewer's credentials",
            ),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="reviewer_name_en",
            field=models.CharField(
                blank=True,
                help_text="The clinician who checked this page. Leave blank if no clinician has.",
                max_length=120,
                null=True,
                verbose_name="clinical reviewer",
            ),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="reviewer_name_es",
            field=models.CharField(
                blank=True,
                help_text="The clinician who checked this page. Leave blank if no clinician has.",
                max_length=120,
                null=True,
                verbose_name="clinical reviewer",
            ),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="summary_en",
            field=models.CharField(
                help_text="One or two plain sentences. Search engines show this under the page title.",
                max_length=300,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="summary_es",
            field=models.CharField(
                help_text="One or two plain sentences. Search engines show this under the page title.",
                max_length=300,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="title_en",
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name="historicalpage",
            name="title_es",
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name="page",
            name="body_en",
            field=models.TextField(
                help_text="Markdown: ## for a heading, - for a list item, [text](https://address) for a link. Scripts and styling are removed.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="body_es",
            field=models.TextField(
                help_text="Markdown: ## for a heading, - for a list item, [text](https://address) for a link. Scripts and styling are removed.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="last_reviewed_en",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="page",
            name="last_reviewed_es",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="page",
            name="nav_label_en",
            field=models.CharField(
                blank=True,
                help_text="A short name for the main menu. Leave blank to keep the page out of the menu.",
                max_length=40,
                null=True,
                verbose_name="menu label",
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="nav_label_es",
            field=models.CharField(
                blank=True,
                help_text="A short name for the main menu. Leave blank to keep the page out of the menu.",
                max_length=40,
                null=True,
                verbose_name="menu label",
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="next_review_due_en",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="page",
            name="next_review_due_es",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="page",
            name="reviewer_credentials_en",
            field=models.CharField(
                blank=True,
                help_text="For example: MD.",
                max_length=120,
                null=True,
                verbose_name="reviewer's credentials",
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="reviewer_credentials_es",
            field=models.CharField(
                blank=True,
                help_text="For example: MD.",
                max_length=120,
                null=True,
                verbose_name="reviewer's credentials",
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="reviewer_name_en",
            field=models.CharField(
                blank=True,
                help_text="The clinician who checked this page. Leave blank if no clinician has.",
                max_length=120,
                null=True,
                verbose_name="clinical reviewer",
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="reviewer_name_es",
            field=models.CharField(
                blank=True,
                help_text="The clinician who checked this page. Leave blank if no clinician has.",
                max_length=120,
                null=True,
                verbose_name="clinical reviewer",
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="summary_en",
            field=models.CharField(
                help_text="One or two plain sentences. Search engines show this under the page title.",
                max_length=300,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="summary_es",
            field=models.CharField(
                help_text="One or two plain sentences. Search engines show this under the page title.",
                max_length=300,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="title_en",
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name="page",
            name="title_es",
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AlterField(
            model_name="historicalpage",
            name="last_reviewed",
            field=models.DateField(),
        ),
        migrations.AlterField(
            model_name="page",
            name="last_reviewed",
            field=models.DateField(),
        ),
    ]
