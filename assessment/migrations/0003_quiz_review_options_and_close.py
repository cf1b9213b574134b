"""Per-quiz review options (#14): what a learner sees after an attempt, part by part, and when.

The one old setting ("show results and answers") becomes four. "Never" and "after the last attempt" keep
their meaning for every part; "immediately", the old default, becomes the new safe default (score and
correctness at once, the right answers and feedback once the quiz has closed or the attempts are used up),
because right answers shown at once can be copied into a retake (ADR 0023). Quizzes also get a closing time.
"""

from django.db import migrations, models


POLICY_TO_OPTIONS = {
    "never": {
        "review_marks": "never",
        "review_correctness": "never",
        "review_right_answer": "never",
        "review_feedback": "never",
    },
    "after_last": {
        "review_marks": "later",
        "review_correctness": "later",
        "review_right_answer": "later",
        "review_feedback": "later",
    },
    "immediately": {
        "review_marks": "immediately",
        "review_correctness": "immediately",
        "review_right_answer": "later",
        "review_feedback": "later",
    },
}


def review_options_from_policy(apps, schema_editor):
    Quiz = apps.get_model("assessment", "Quiz")
    for policy, options in POLICY_TO_OPTIONS.items():
        Quiz.objects.filter(review_policy=policy).update(**options)


def policy_from_review_options(apps, schema_editor):
    Quiz = apps.get_model("assessment", "Quiz")
    Quiz.objects.filter(review_right_answer="never").update(review_policy="never")
    Quiz.objects.filter(review_marks="later").update(review_policy="after_last")


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_content_types_from_courses"),
    ]

    operations = [
        migrations.AddField(
            model_name="quiz",
            name="closes_at",
            field=models.DateTimeField(
                blank=True,
                help_text="No attempt can be started after this time, and attempts in progress end at it. Leave empty to keep the quiz open.",
                null=True,
                verbose_name="closes at",
            ),
        ),
        migrations.AddField(
            model_name="quiz",
            name="review_correctness",
            field=models.CharField(
                choices=[
                    ("never", "Never"),
                    ("immediately", "Immediately after the attempt"),
                    ("later", "Once the quiz has closed or the attempts are used up"),
                ],
                default="immediately",
                help_text="Marks each of the learner's answers right or wrong, without revealing the right one.",
                max_length=16,
                verbose_name="whether each answer is correct",
            ),
        ),
        migrations.AddField(
            model_name="quiz",
            name="review_feedback",
            field=models.CharField(
                choices=[
                    ("never", "Never"),
                    ("immediately", "Immediately after the attempt"),
                    ("later", "Once the quiz has closed or the attempts are used up"),
                ],
                default="later",
                help_text="The explanations written for each question and for the options the learner chose.",
                max_length=16,
                verbose_name="feedback",
            ),
        ),
        migrations.AddField(
            model_name="quiz",
            name="review_marks",
            field=models.CharField(
                choices=[
                    ("never", "Never"),
                    ("immediately", "Immediately after the attempt"),
                    ("later", "Once the quiz has closed or the attempts are used up"),
                ],
                default="immediately",
                help_text="The score, the verdict (passed or not) and the points of each question.",
                max_length=16,
                verbose_name="score and result",
            ),
        ),
        migrations.AddField(
            model_name="quiz",
            name="review_right_answer",
            field=models.CharField(
                choices=[
                    ("never", "Never"),
                    ("immediately", "Immediately after the attempt"),
                    ("later", "Once the quiz has closed or the attempts are used up"),
                ],
                default="later",
                help_text="Shows the right option or accepted answer of every question. Shown immediately, a learner who may retake the quiz can copy them into the next attempt.",
                max_length=16,
                verbose_name="the right answers",
            ),
        ),
        migrations.RunPython(review_options_from_policy, policy_from_review_options),
        migrations.RemoveField(
            model_name="quiz",
            name="review_policy",
        ),
    ]
