"""
Sources become records that pages cite, and the clinic profile gains the ketamine price
range and after-hours instruction. An existing profile starts with the placeholders in
each language, so the admin warns until staff replace them.
"""

import django.core.validators
from django.db import migrations, models

SPANISH_PLACEHOLDERS = {
    "price_range_es": (
        "De $0 a $0 por una serie de infusiones (dato de ejemplo: reemplácelo en el administrador)"
    ),
    "after_hours_es": (
        "Fuera del horario de la clínica, llame a nuestro número y siga el mensaje grabado "
        "(dato de ejemplo: reemplácelo en el administrador)"
    ),
}


def spanish_placeholders(apps, schema_editor):
    apps.get_model("content", "ClinicProfile").objects.update(**SPANISH_PLACEHOLDERS)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0005_page_language_checks"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicalpage",
            name="references",
        ),
        migrations.RemoveField(
            model_name="page",
            name="references",
        ),
        migrations.AddField(
            model_name="clinicprofile",
            name="after_hours",
            field=models.TextField(
                default="Outside office hours, call our main number and follow the recorded message (placeholder: replace in the admin)",
                help_text="What a patient who feels unwell after an infusion should do when the office is closed. Shown on the ketamine page, next to the warning signs.",
                verbose_name="after-hours instruction",
            ),
        ),
        migrations.AddField(
            model_name="clinicprofile",
            name="after_hours_en",
            field=models.TextField(
                default="Outside office hours, call our main number and follow the recorded message (placeholder: replace in the admin)",
                help_text="What a patient who feels unwell after an infusion should do when the office is closed. Shown on the ketamine page, next to the warning signs.",
                null=True,
                verbose_name="after-hours instruction",
            ),
        ),
        migrations.AddField(
            model_name="clinicprofile",
            name="after_hours_es",
            field=models.TextField(
                default="Outside office hours, call our main number and follow the recorded message (placeholder: replace in the admin)",
                help_text="What a patient who feels unwell after an infusion should do when the office is closed. Shown on the ketamine page, next to the warning signs.",
                null=True,
                verbose_name="after-hours instruction",
            ),
        ),
        migrations.AddField(
            model_name="clinicprofile",
            name="price_range",
            field=models.CharField(
                default="$0 to $0 for a course of infusions (placeholder: replace in the admin)",
                help_text='What a patient usually pays for a course, as a range: for example "$400 to $700 a visit, $2,000 to $4,000 for a course". Shown on the ketamine page.',
                max_length=200,
                verbose_name="price of a course of ketamine infusions",
            ),
        ),
        migrations.AddField(
            model_name="clinicprofile",
            name="price_range_en",
            field=models.CharField(
                default="$0 to $0 for a course of infusions (placeholder: replace in the admin)",
                help_text='What a patient usually pays for a course, as a range: for example "$400 to $700 a visit, $2,000 to $4,000 for a course". Shown on the ketamine page.',
                max_length=200,
                null=True,
                verbose_name="price of a course of ketamine infusions",
            ),
        ),
        migrations.AddField(
            model_name="clinicprofile",
            name="price_range_es",
            field=models.CharField(
                default="$0 to $0 for a course of infusions (placeholder: replace in the admin)",
                help_text='What a patient usually pays for a course, as a range: for example "$400 to $700 a visit, $2,000 to $4,000 for a course". Shown on the ketamine page.',
                max_length=200,
                null=True,
                verbose_name="price of a course of ketamine infusions",
            ),
        ),
        migrations.CreateModel(
            name="Reference",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "key",
                    models.SlugField(
                        help_text='A short name for the source, such as "cotter-2021". Never shown to patients.',
                        max_length=60,
                        unique=True,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("article", "Journal article"), ("web_page", "Web page")],
                        default="article",
                        max_length=20,
                    ),
                ),
                (
                    "authors",
                    models.CharField(
                        help_text='As the source lists them, surname and initials: "Cotter S, Wong J, Gada N, et al." For a web page, the organisation.',
                        max_length=300,
                    ),
                ),
                (
                    "title",
                    models.CharField(help_text="Exactly as the source gives it.", max_length=400),
                ),
                (
                    "container",
                    models.CharField(
                        help_text='The journal\'s abbreviated name ("Drug Saf"), or who publishes the web page.',
                        max_length=200,
                        verbose_name="journal or publisher",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                (
                    "published_on",
                    models.DateField(
                        blank=True,
                        help_text="For a web page, if it gives one.",
                        null=True,
                        verbose_name="date published",
                    ),
                ),
                ("volume", models.CharField(blank=True, max_length=20)),
                ("issue", models.CharField(blank=True, max_length=20)),
                (
                    "pages",
                    models.CharField(
                        blank=True, help_text="For example: 1365-1374.", max_length=30
                    ),
                ),
                (
                    "doi",
                    models.CharField(
                        blank=True,
                        help_text="Without https://doi.org/, for example 10.1007/s40264-021-01120-9.",
                        max_length=200,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^10\\.\\d{4,9}/\\S+$",
                                "A DOI looks like 10.1016/j.pain.2010.04.030.",
                            )
                        ],
                        verbose_name="DOI",
                    ),
                ),
                (
                    "pmid",
                    models.CharField(
                        blank=True,
                        max_length=12,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{1,9}$", "A PubMed ID is a number, such as 34699023."
                            )
                        ],
                        verbose_name="PubMed ID (PMID)",
                    ),
                ),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="web address")),
                (
                    "accessed_on",
                    models.DateField(
                        blank=True,
                        help_text="For a web page: when it was checked.",
                        null=True,
                        verbose_name="date accessed",
                    ),
                ),
            ],
            options={
                "ordering": ["authors", "year"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind", "article"), _negated=True),
                            models.Q(("doi", ""), ("pmid", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="content_reference_article_has_doi_or_pmid",
                        violation_error_message="A journal article needs its DOI or its PubMed ID.",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="page",
            name="citations",
            field=models.ManyToManyField(
                blank=True,
                help_text="The sources this page relies on; every language's version cites the same.",
                related_name="cited_by",
                to="content.reference",
            ),
        ),
        migrations.RunPython(spanish_placeholders, migrations.RunPython.noop),
    ]
