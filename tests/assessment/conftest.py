# The learner, the course with its lessons and its final quiz are the courses tests' fixtures too.
from ..courses.conftest import course, learner, quiz  # noqa: F401
