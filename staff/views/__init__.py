"""The staff area's views, one module per screen group. URLs are in ``staff.urls``."""
