"""The backup/restore procedure of docs/deploy.md, run for real: pg_dump, a fresh database, certificates verify."""

import os
import subprocess
import sys

import pytest
from django.db import connection
from django.utils import timezone

from certificates import services
from courses.models import Enrollment

from .factories import make_course, make_hr_manager, make_official
from .test_settings import ROOT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_where_certificates_verify(catalog, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    course = make_course(catalog, title="Chính quyền số", for_officials=True)
    issued = []
    for name in ("Lê Thị Hoa", "Phạm Minh Tuấn"):
        user = make_official(tree["ptdt"], user__full_name=name).user
        enrollment = Enrollment.objects.create(
            user=user,
            course=course,
            status="completed",
            enrolled_at=timezone.now(),
            completed_at=timezone.now(),
        )
        issued.append(services.certificate_issue(enrollment=enrollment))
    services.certificate_revoke(certificate=issued[1], reason="Cấp nhầm", by=make_hr_manager(tree["sxd"]))

    params = connection.settings_dict
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "deploy/backup_restore_check.py", "--keep", str(tmp_path / "lms.dump")],
        cwd=ROOT,
        env={**env, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 certificates verify on the restored database (1 valid)" in result.stdout
    assert (tmp_path / "lms.dump").stat().st_size > 0
