"""Logs every API call (client, route, status, rows) after the answer is made."""

import time

from . import services

PREFIX = "/api/v1/"
NOT_LOGGED = ("/api/v1/docs", "/api/v1/openapi.json")


class ApiCallLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX) or request.path.startswith(NOT_LOGGED):
            return self.get_response(request)
        started = time.monotonic()
        response = self.get_response(request)
        client = getattr(request, "api_client", None)
        match = getattr(request, "resolver_match", None)
        services.api_call_log(
            client_id=client.pk if client else None,
            method=request.method,
            route=f"/{match.route}" if match else request.path,
            path=request.path,
            status=response.status_code,
            rows=getattr(request, "api_rows", 0) if response.status_code < 400 else 0,
            duration_ms=int((time.monotonic() - started) * 1000),
            client_used=getattr(request, "api_client_first_in_minute", False),
        )
        return response
