"""Signals other apps answer so this app never imports them."""

from django.dispatch import Signal

# Sent by ``services.personal_data_export``; receivers return a (section name, JSON-ready data) pair.
collect_personal_data = Signal()
