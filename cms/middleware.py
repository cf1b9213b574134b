from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.models import Page, TaskState

from .checklist import CourseNotReady
from .review import report_approval, report_course_blocked


class CourseReviewMiddleware:
    """Explain workflow approvals in the Wagtail admin, which has no hook around them.

    A refused publication (``CourseNotReady``, raised by ``CoursePage.publish`` inside Wagtail's atomic
    ``on_action``, so the task stays in review) becomes the checklist as an error message on the course's edit
    page; an approval from the review modal gets a success message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            request.method == "POST"
            and match is not None
            and match.view_name == "wagtailadmin_pages:workflow_action"
            and match.kwargs.get("action_name") == "approve"
            and response.status_code in (200, 302)
            and not getattr(request, "_course_not_ready", False)
            and TaskState.objects.filter(
                pk=match.kwargs.get("task_state_id"), status=TaskState.STATUS_APPROVED
            ).exists()
        ):
            page = Page.objects.filter(pk=match.kwargs.get("page_id")).first()
            if page is not None:
                report_approval(request, page=page)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, CourseNotReady):
            return None
        request._course_not_ready = True
        report_course_blocked(request, course=exception.course, items=exception.items)
        edit_url = reverse("wagtailadmin_pages:edit", args=[exception.course.pk])
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # The review modal follows a "success" step's redirect, where the message is shown.
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": edit_url}
            )
        return redirect(edit_url)
