"""The access matrix's table for open data (access_matrix.py): Open311, the
statistics and their spreadsheets, the feeds. Public data only, the same for
everyone."""

from reports.opendata.open311.urls import FMT
from reports.opendata.views import CSV_TABLES

from .access_cases import FORBIDDEN, NOT_FOUND, OK, Case, each_report, roles
from .access_world import PUBLIC_REPORTS

OPEN_DATA: dict[str, list[Case]] = {
    # Open311: public data only, for everyone alike; writing needs an API key.
    f"open311/v2/^discovery{FMT}": [
        Case("/open311/v2/discovery.json", roles(OK)),
        Case("/open311/v2/discovery.xml", roles(OK)),
    ],
    f"open311/v2/^services{FMT}": [Case("/open311/v2/services.json", roles(OK))],
    f"open311/v2/^services/(?P<code>[-\\w]+){FMT}": [
        Case("/open311/v2/services/{category.slug}.json", roles(OK)),
        Case("/open311/v2/services/khong-co.json", roles(NOT_FOUND)),
    ],
    f"open311/v2/^requests{FMT}": [
        Case(
            "/open311/v2/requests.json",
            roles(OK),
            post=roles(FORBIDDEN),
            data={
                "service_code": "{category.slug}",
                "description": "Đèn đường hỏng.",
                "address_string": "Lê Duẩn",
            },
        ),
        Case("/open311/v2/requests.xml", roles(OK)),
    ],
    f"open311/v2/^requests/(?P<request_id>[-\\w]+){FMT}": each_report(
        "/open311/v2/requests/{r[{key}].code}.json",
        lambda key: roles(OK if key in PUBLIC_REPORTS else NOT_FOUND),
    ),
    f"open311/v2/^tokens/(?P<token>[-\\w]+){FMT}": [
        Case("/open311/v2/tokens/abc123.json", roles(NOT_FOUND)),
        *each_report(
            "/open311/v2/tokens/{r[{key}].code}.json",
            lambda key: roles(OK if key in PUBLIC_REPORTS else NOT_FOUND),
        ),
    ],
    "open311/v2/^": [
        Case("/open311/v2/services", roles(NOT_FOUND)),
        Case("/open311/v2/khong-co.xml", roles(NOT_FOUND)),
    ],
    # FixMyStreet's extension: public steps for all; a citizen update needs a key.
    "^open311/v2/servicerequestupdates\\.(?P<fmt>[A-Za-z0-9]+)$": [
        Case(
            "/open311/v2/servicerequestupdates.json",
            roles(OK),
            post=roles(FORBIDDEN),
            data={"service_request_id": "PA-2000-999999", "update_id": "1", "description": "x"},
        ),
        Case("/open311/v2/servicerequestupdates.xml", roles(OK)),
    ],
    # The statistics, their spreadsheets, the feeds.
    "thong-ke/": [Case("/thong-ke/", roles(OK))],
    "thong-ke/xep-hang/": [
        Case("/thong-ke/xep-hang/", roles(OK)),
        Case("/thong-ke/xep-hang/?thang=2099-01", roles(OK)),  # the error by the field
    ],
    "thong-ke/xep-hang.csv": [
        Case("/thong-ke/xep-hang.csv", roles(OK)),
        Case("/thong-ke/xep-hang.csv?thang=2099-01", roles(NOT_FOUND)),
    ],
    "thong-ke/<slug:name>.csv": [
        *(Case(f"/thong-ke/{name}.csv", roles(OK)) for name in CSV_TABLES),
        Case("/thong-ke/khong-co.csv", roles(NOT_FOUND)),
    ],
    "phan-anh/moi.atom": [Case("/phan-anh/moi.atom", roles(OK))],
    "phan-anh/chuyen-muc/<slug:slug>.atom": [
        Case("/phan-anh/chuyen-muc/{category.slug}.atom", roles(OK))
    ],
    "phan-anh/dia-ban/<str:code>.atom": [Case("/phan-anh/dia-ban/{ward.code}.atom", roles(OK))],
}
