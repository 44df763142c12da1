"""The JSON API at /api/v1/ with its OpenAPI schema at /api/v1/openapi.json.

Each app contributes a router; later issues add theirs here.
"""

from django.db import connection
from ninja import NinjaAPI, Schema

from gongkai import __version__, outage, ratelimit
from gongkai.agencies.api import router as agencies_router
from gongkai.applications.api import router as applications_router
from gongkai.catalogue.api import router as catalogue_router
from gongkai.consultations.api import router as consultations_router
from gongkai.ocds.api import router as ocds_router

api = NinjaAPI(
    title="Gongkai API",
    version="1",
    description="政府信息公开 data of the agencies hosted by this installation.",
    urls_namespace="api-v1",
)


@api.exception_handler(ratelimit.Limited)
def too_many(request, error: ratelimit.Limited):
    minutes = max(1, -(-error.seconds // 60))
    message = f"请求过于频繁，请 {minutes} 分钟后再试 / too many requests from this address;"
    response = api.create_response(
        request, {"message": f"{message} try again in {minutes} minutes"}, status=429
    )
    response["Retry-After"] = str(error.seconds)
    return response


class Health(Schema):
    status: str
    version: str
    database: str


@api.get("/health", response=Health, tags=["installation"], summary="Is the service up?")
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "version": __version__, "database": connection.vendor}


for _error in outage.DATABASE_ERRORS:
    api.add_exception_handler(_error, outage.api_unavailable)

api.add_router("/agencies", agencies_router)
api.add_router("/applications", applications_router)
api.add_router("", catalogue_router)
api.add_router("", consultations_router)
api.add_router("/ocds", ocds_router)
