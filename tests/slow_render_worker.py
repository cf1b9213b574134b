"""``manage.py`` for a task worker whose certificate renders first sleep LMS_TEST_RENDER_PAUSE seconds.

tests/test_stuck_tasks.py starts it to kill a real worker between the two steps of issuing: the certificate's
row is committed and its render task is running when the SIGKILL comes. Test use only.
"""

import os
import sys
import time
from pathlib import Path

import django


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    django.setup()
    from django.core.management import execute_from_command_line

    from certificates import services

    render_pdf = services.certificate_pdf

    def slow_render_pdf(**kwargs) -> bytes:
        time.sleep(float(os.environ["LMS_TEST_RENDER_PAUSE"]))
        return render_pdf(**kwargs)

    services.certificate_pdf = slow_render_pdf
    execute_from_command_line(["manage.py", *sys.argv[1:]])


if __name__ == "__main__":
    main()
