"""The models moved from ``courses`` (#13), on the tables ``courses`` created: state only."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
import modelsearch.index
import uuid
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cms', '0003_catalogue_course_module_lesson'),
        ('courses', '0004_quiz_attempt_snapshot_and_change_log'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # State only: the tables keep their names (Meta.db_table), so no row moves.
            state_operations=[
                migrations.CreateModel(
                    name='Question',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('type', models.CharField(choices=[('single', 'Single choice'), ('multiple', 'Multiple choice'), ('truefalse', 'True / false'), ('short', 'Short answer'), ('matching', 'Matching')], max_length=16, verbose_name='type')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('text', models.TextField(verbose_name='question text')),
                        ('points', models.DecimalField(decimal_places=2, default=Decimal('1'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='points')),
                        ('partial_credit', models.BooleanField(default=False, help_text='Multiple choice: each correct option earns its share; otherwise all or nothing.', verbose_name='partial credit')),
                        ('feedback', models.TextField(blank=True, verbose_name='feedback')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'verbose_name': 'question',
                        'verbose_name_plural': 'questions',
                        'db_table': 'courses_question',
                        'ordering': ['category__name', 'name'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='MatchPair',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('prompt', models.TextField(blank=True, verbose_name='item')),
                        ('answer', models.CharField(max_length=255, verbose_name='match')),
                        ('question', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='pairs', to='assessment.question')),
                    ],
                    options={
                        'verbose_name': 'matching pair',
                        'verbose_name_plural': 'matching pairs',
                        'db_table': 'courses_matchpair',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Choice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('text', models.TextField(verbose_name='text')),
                        ('fraction', models.DecimalField(decimal_places=5, default=Decimal('0'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('-1')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='credit')),
                        ('feedback', models.TextField(blank=True, verbose_name='feedback')),
                        ('question', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='choices', to='assessment.question')),
                    ],
                    options={
                        'verbose_name': 'choice',
                        'verbose_name_plural': 'choices',
                        'db_table': 'courses_choice',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='QuestionCategory',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('info', models.TextField(blank=True, verbose_name='description')),
                        ('idnumber', models.CharField(blank=True, max_length=100, verbose_name='ID number')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='assessment.questioncategory', verbose_name='parent category')),
                    ],
                    options={
                        'verbose_name': 'question category',
                        'verbose_name_plural': 'question categories',
                        'db_table': 'courses_questioncategory',
                    },
                ),
                migrations.AddField(
                    model_name='question',
                    name='category',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='questions', to='assessment.questioncategory', verbose_name='category'),
                ),
                migrations.CreateModel(
                    name='Quiz',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('instructions', models.TextField(blank=True, verbose_name='instructions')),
                        ('is_final', models.BooleanField(default=True, help_text='Counts for course completion.', verbose_name='final quiz')),
                        ('pass_mark', models.PositiveSmallIntegerField(default=70, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='pass mark (%)')),
                        ('time_limit_minutes', models.PositiveSmallIntegerField(blank=True, help_text='Leave empty for no time limit.', null=True, verbose_name='time limit (minutes)')),
                        ('max_attempts', models.PositiveSmallIntegerField(blank=True, help_text='Leave empty for unlimited attempts.', null=True, verbose_name='maximum attempts')),
                        ('questions_per_attempt', models.PositiveSmallIntegerField(blank=True, help_text='Draw this many questions at random from the pool for each attempt; empty uses all.', null=True, verbose_name='questions per attempt')),
                        ('shuffle_choices', models.BooleanField(default=True, verbose_name='shuffle options')),
                        ('review_policy', models.CharField(choices=[('immediately', 'Immediately after each attempt'), ('after_last', 'After the last attempt'), ('never', 'Never')], default='immediately', max_length=16, verbose_name='show results and answers')),
                        ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quizzes', to='cms.coursepage', verbose_name='course')),
                        ('lesson', models.ForeignKey(blank=True, help_text="Leave empty for the course's final quiz.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.lessonpage', verbose_name='lesson')),
                    ],
                    options={
                        'verbose_name': 'quiz',
                        'verbose_name_plural': 'quizzes',
                        'db_table': 'courses_quiz',
                    },
                ),
                migrations.CreateModel(
                    name='QuizAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('number', models.PositiveSmallIntegerField(verbose_name='attempt number')),
                        ('status', models.CharField(choices=[('in_progress', 'In progress'), ('submitted', 'Submitted'), ('timed_out', 'Closed at the time limit')], default='in_progress', max_length=16, verbose_name='status')),
                        ('started_at', models.DateTimeField(verbose_name='started at')),
                        ('deadline_at', models.DateTimeField(blank=True, null=True, verbose_name='deadline')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('score', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='score')),
                        ('max_score', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=8, verbose_name='maximum score')),
                        ('percent', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, verbose_name='score (%)')),
                        ('passed', models.BooleanField(null=True, verbose_name='passed')),
                        ('pass_mark', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='pass mark (%)')),
                        ('enrollment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quiz_attempts', to='courses.enrollment')),
                        ('quiz', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='assessment.quiz')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quiz_attempts', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'quiz attempt',
                        'verbose_name_plural': 'quiz attempts',
                        'db_table': 'courses_quizattempt',
                        'ordering': ['quiz', 'user', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='AttemptQuestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField()),
                        ('option_order', models.JSONField(default=list)),
                        ('selected', models.JSONField(blank=True, default=list)),
                        ('text_answer', models.CharField(blank=True, max_length=500)),
                        ('matches', models.JSONField(blank=True, default=dict)),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('score', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True)),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assessment.question')),
                        ('attempt', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='assessment.quizattempt')),
                    ],
                    options={
                        'db_table': 'courses_attemptquestion',
                        'ordering': ['attempt', 'position'],
                    },
                ),
                migrations.CreateModel(
                    name='QuizChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('changed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='changed at')),
                        ('field', models.CharField(max_length=64, verbose_name='setting')),
                        ('old_value', models.TextField(blank=True, verbose_name='old value')),
                        ('new_value', models.TextField(blank=True, verbose_name='new value')),
                        ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                        ('quiz', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='assessment.quiz', verbose_name='quiz')),
                    ],
                    options={
                        'verbose_name': 'quiz change',
                        'verbose_name_plural': 'quiz changes',
                        'db_table': 'courses_quizchange',
                        'ordering': ['-changed_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='QuizQuestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assessment.question', verbose_name='question')),
                        ('quiz', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='pool', to='assessment.quiz')),
                    ],
                    options={
                        'verbose_name': 'quiz question',
                        'verbose_name_plural': 'quiz questions',
                        'db_table': 'courses_quizquestion',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='TimeExtension',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('extra_minutes', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='extra minutes')),
                        ('reason', models.CharField(blank=True, max_length=255, verbose_name='reason')),
                        ('granted_at', models.DateTimeField(auto_now_add=True)),
                        ('granted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('quiz', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='extensions', to='assessment.quiz', verbose_name='quiz')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='learner')),
                    ],
                    options={
                        'verbose_name': 'time extension',
                        'verbose_name_plural': 'time extensions',
                        'db_table': 'courses_timeextension',
                    },
                ),
                migrations.AddConstraint(
                    model_name='questioncategory',
                    constraint=models.UniqueConstraint(fields=('parent', 'name'), name='uniq_category_parent_name'),
                ),
                migrations.AddConstraint(
                    model_name='questioncategory',
                    constraint=models.UniqueConstraint(condition=models.Q(('parent__isnull', True)), fields=('name',), name='uniq_category_root_name'),
                ),
                migrations.AddIndex(
                    model_name='quizattempt',
                    index=models.Index(fields=['status', 'deadline_at'], name='attempt_status_deadline'),
                ),
                migrations.AddConstraint(
                    model_name='quizattempt',
                    constraint=models.UniqueConstraint(fields=('quiz', 'user', 'number'), name='uniq_attempt_user_quiz_number'),
                ),
                migrations.AddConstraint(
                    model_name='quizattempt',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'in_progress')), fields=('quiz', 'user'), name='uniq_attempt_one_in_progress'),
                ),
                migrations.AddConstraint(
                    model_name='attemptquestion',
                    constraint=models.UniqueConstraint(fields=('attempt', 'position'), name='uniq_attempt_question_position'),
                ),
                migrations.AddConstraint(
                    model_name='attemptquestion',
                    constraint=models.UniqueConstraint(fields=('attempt', 'question'), name='uniq_attempt_question'),
                ),
                migrations.AddConstraint(
                    model_name='quizquestion',
                    constraint=models.UniqueConstraint(fields=('quiz', 'question'), name='uniq_quiz_question'),
                ),
                migrations.AddConstraint(
                    model_name='timeextension',
                    constraint=models.UniqueConstraint(fields=('quiz', 'user'), name='uniq_extension_quiz_user'),
                ),
            ],
        ),
    ]
