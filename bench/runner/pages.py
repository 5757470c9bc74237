"""The pages measured, and the accounts they are seen as."""

from dataclasses import dataclass

# The accounts the pages are seen as: seed_bench's (bench/seed/people.py, HEAVY_CITIZEN and
# HEAVY_OFFICER) and demo_accounts' staff. Written out because the parent imports no Django.
ROLES = {
    "citizen": "+84902000000",  # the heavy citizen, 1,000 reports
    "officer": "+84903000001",  # member of agency bench-lead
    "moderator": "+84901000006",
    "ioc": "+84901000003",
}
# --seed demo (developing the runner without seed_bench): demo_reports' accounts.
DEMO_ROLES = {**ROLES, "citizen": "+84901000001", "officer": "+84901000004"}


@dataclass
class Page:
    key: str
    group: str  # baseline | anon | search | user | other
    paths: list[str]
    role: str | None = None  # a key of ROLES; None: anonymous

    @property
    def path(self) -> str:
        return self.paths[0]

    @property
    def label(self) -> str:
        more = f" (+{len(self.paths) - 1} more)" if len(self.paths) > 1 else ""
        return f"{self.path}{more}"


def build_pages(data: dict) -> list[Page]:
    """Every page, its URLs filled in from the seeded data (django_side.prepare)."""
    slug, ward, agency = data["category"], data["ward"], data["agency"]
    q = data["search"].replace(" ", "+")
    (south, west), (north, east) = data["province_bounds"]
    lat, lon = data["street_point"]
    street = f"{lon - 0.005:.4f},{lat - 0.005:.4f},{lon + 0.005:.4f},{lat + 0.005:.4f}"
    triage = f"/xu-ly/?agency={agency}&tab="
    return [
        Page("constant", "baseline", ["/bench/constant/"]),
        Page("home", "anon", ["/"]),
        Page("home khan", "anon", ["/?tab=khan"]),
        Page("home da-xu-ly", "anon", ["/?tab=da-xu-ly"]),
        Page("home tat-ca", "anon", ["/?tab=tat-ca"]),
        Page("category chip", "anon", [f"/?category={slug}"]),
        Page("search", "search", [f"/?q={q}"]),
        Page("deep page", "search", [f"/?page={data['deep_page']}"]),
        Page(
            "map province z9",
            "anon",
            [f"/ban-do/du-lieu.geojson?bbox={west},{south},{east},{north}&zoom=9"],
        ),
        Page("map street z16", "anon", [f"/ban-do/du-lieu.geojson?bbox={street}&zoom=16"]),
        Page("report page", "anon", [f"/phan-anh/{code}/" for code in data["report_codes"]]),
        Page("open311 json", "anon", ["/open311/v2/requests.json"]),
        Page("open311 xml", "anon", ["/open311/v2/requests.xml"]),
        Page("open311 closed", "anon", ["/open311/v2/requests.json?status=closed"]),
        Page("open311 service", "anon", [f"/open311/v2/requests.xml?service_code={slug}"]),
        Page("feed", "anon", ["/phan-anh/moi.atom"]),
        Page("feed category", "anon", [f"/phan-anh/chuyen-muc/{slug}.atom"]),
        Page("feed ward", "anon", [f"/phan-anh/dia-ban/{ward}.atom"]),
        Page("stats", "other", ["/thong-ke/"]),
        Page("my reports", "user", ["/ca-nhan/phan-anh/"], "citizen"),
        Page("triage moi", "user", [f"{triage}moi"], "officer"),
        Page("triage dang-xu-ly", "user", [f"{triage}dang-xu-ly"], "officer"),
        Page("triage qua-han", "user", [f"{triage}qua-han"], "officer"),
        Page("triage da-tra-loi", "user", [f"{triage}da-tra-loi"], "officer"),
        Page("moderation queue", "user", ["/kiem-duyet/"], "moderator"),
        Page("admin reports", "user", ["/admin/reports/report/"], "ioc"),
        Page("admin forwarded", "user", ["/admin/reports/report/?status__exact=forwarded"], "ioc"),
        Page(
            "admin phone search",
            "user",
            [f"/admin/reports/report/?q={data['phone_search']}"],
            "ioc",
        ),
    ]
