"""Signals other apps answer so this app never imports them."""

from django.dispatch import Signal

# Sent by ``services.personal_data_export``; receivers return a (section name, JSON-ready data) pair.
collect_personal_data = Signal()

# Sent by ``services.account_erase`` inside its transaction, before this app erases its own rows. Receivers
# erase or pseudonymise what their app holds on ``user`` and return a (section name, {kind: count}) pair
# saying what they did; an exception rolls the whole erasure back.
personal_data_erase = Signal()

# Sent by a bulk write of official profiles (the officials import), which sends no post_save: placements is
# {unit id: [ids of the users who joined that unit]}. Receivers do what a saved profile would have set off
# (courses: move enrollments to the new unit, enroll in the unit's open assignments).
officials_placed = Signal()
