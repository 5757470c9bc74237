"""The people, agencies and places of the triage dashboard tests (/xu-ly/).

Agency A leads the report, agency C co-processes it, agency B has nothing to
do with it; the commune office M monitors ward `ward_in`, where the report is.
"""

import re
from dataclasses import dataclass

from accounts.tests.factories import UserFactory
from reports.models import Agency, AgencyMembership, Report

from .factories import AgencyFactory, AgencyMembershipFactory, WardFactory, report_in_state

AgencyRole = AgencyMembership.AgencyRole
QUEUE_URL = "/xu-ly/"

# Action name (as in reports/workflow/) → the last part of its URL.
ACTION_PATHS = {
    "accept": "nhan-xu-ly",
    "return": "tra-lai",
    "progress": "tien-do",
    "opinion": "y-kien",
    "answer": "tra-loi",
    "request_extension": "gia-han",
}

MSG_HIDDEN_NAME = "Người dân (ẩn tên)"
PERMISSION_DENIED = "Bạn không có quyền thực hiện thao tác này với phản ánh."
WRONG_STATE = "Không thể thực hiện thao tác này khi phản ánh đang ở trạng thái “{}”."


def report_url(code, agency: Agency | None = None) -> str:
    return f"/xu-ly/{code}/" + (f"?agency={agency.code}" if agency else "")


def action_url(code, action, agency: Agency | None = None) -> str:
    return f"/xu-ly/{code}/{ACTION_PATHS[action]}/" + (f"?agency={agency.code}" if agency else "")


def shown_actions(html: str, code: str) -> set[str]:
    """The actions whose form the page offers (by the form's target URL)."""
    paths = {path: name for name, path in ACTION_PATHS.items()}
    found = re.findall(rf'<form method="post" action="/xu-ly/{re.escape(code)}/([a-z-]+)/', html)
    return {paths[path] for path in found}


@dataclass
class World:
    agency_a: Agency
    agency_b: Agency
    agency_c: Agency
    agency_m: Agency
    ward_in: object
    ward_out: object
    officer_a: object
    leader_a: object
    officer_b: object
    officer_c: object
    monitor: object
    reporter: object

    def report(self, status=Report.Status.FORWARDED, **fields) -> Report:
        """A report of `reporter` in `ward_in`, led by A with C co-processing."""
        fields.setdefault("lead_agency", self.agency_a)
        fields.setdefault("co_agencies", [self.agency_c])
        fields.setdefault("ward", self.ward_in)
        fields.setdefault("reporter", self.reporter)
        return report_in_state(status, **fields)

    def elsewhere(self, status=Report.Status.FORWARDED, **fields) -> Report:
        """A report led by B, in a ward nobody here monitors."""
        fields.setdefault("lead_agency", self.agency_b)
        fields.setdefault("ward", self.ward_out)
        return report_in_state(status, **fields)


def build_world() -> World:
    ward_in = WardFactory(name="Phường Đông Hà")
    ward_out = WardFactory(name="Xã Gio Linh")
    agency_a = AgencyFactory(name="Sở Xây dựng", code="so-xay-dung")
    agency_b = AgencyFactory(name="Sở Y tế", code="so-y-te")
    agency_c = AgencyFactory(name="Điện lực Quảng Trị", code="dien-luc", kind=Agency.Kind.COMPANY)
    agency_m = AgencyFactory(name="UBND phường Đông Hà", code="ubnd-dong-ha", kind="commune")
    agency_m.units.set([ward_in])

    def member(agency, role, name):
        return AgencyMembershipFactory(agency=agency, role=role, user__full_name=name).user

    return World(
        agency_a=agency_a,
        agency_b=agency_b,
        agency_c=agency_c,
        agency_m=agency_m,
        ward_in=ward_in,
        ward_out=ward_out,
        officer_a=member(agency_a, AgencyRole.OFFICER, "Cán bộ Sở Xây dựng"),
        leader_a=member(agency_a, AgencyRole.LEADER, "Lãnh đạo Sở Xây dựng"),
        officer_b=member(agency_b, AgencyRole.OFFICER, "Cán bộ Sở Y tế"),
        officer_c=member(agency_c, AgencyRole.OFFICER, "Cán bộ Điện lực"),
        monitor=member(agency_m, AgencyRole.MONITOR, "Cán bộ UBND phường"),
        reporter=UserFactory(full_name="Nguyễn Văn Phản Ánh"),
    )
