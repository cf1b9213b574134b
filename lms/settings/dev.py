"""Local development: debug on, an insecure key that only works here, emails to the console."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405

# Demo staff accounts need TOTP before the admin; this code works on the DEBUG server only
# (allauth refuses it otherwise). Their real secrets are printed by ``make demo``.
MFA_TOTP_INSECURE_BYPASS_CODE = "000000"
