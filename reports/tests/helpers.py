"""Shared steps of the submission, drafts and personal-area tests: URLs, the
messages of the code word for word, valid form data and reading a page."""

import html
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import strip_tags
from PIL import Image

CREATE_URL = "/phan-anh/gui/"
NEARBY_URL = "/phan-anh/gan-day/"
NOTIFICATIONS_URL = "/ca-nhan/"
NOTIFICATIONS_DELETE_URL = "/ca-nhan/thong-bao/xoa/"
MY_REPORTS_URL = "/ca-nhan/phan-anh/"
DRAFTS_URL = "/ca-nhan/nhap/"
LOGIN_URL = "/tai-khoan/login/"

# The messages of the code, word for word.
MSG_REQUIRED = "Trường này là bắt buộc."  # Django's own, from its vi catalogue
MSG_INVALID_CHOICE = (
    "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
)
MSG_NOT_A_NUMBER = "Nhập một số."
MSG_PLACE_REQUIRED = "Hãy chọn vị trí trên bản đồ hoặc nhập địa chỉ."
MSG_OUTSIDE_PROVINCE = "Vị trí đã chọn nằm ngoài tỉnh. Hãy chọn lại trên bản đồ hoặc nhập địa chỉ."
MSG_FORM_HAS_ERRORS = "Phản ánh chưa gửi được. Hãy sửa các mục báo lỗi bên dưới."
MSG_FILES_KEPT = "Các tệp bạn chọn đã được giữ trong bản nháp. Hãy sửa mục báo lỗi rồi gửi lại."
MSG_DRAFT_SAVED = "Đã lưu nháp."
MSG_DRAFT_DELETED = "Đã xoá bản nháp."
MSG_SENT = "Phản ánh đã được gửi thành công, mã {code}."
NOTIFICATION_SENT = "Phản ánh “{title}” đã được gửi thành công, mã {code}."

CODE_PATTERN = re.compile(r"PA-(\d{4})-(\d{6})")

# Đông Hà and Quảng Trị town: two points well inside the province.
DONG_HA = (16.8167, 107.1000)
QUANG_TRI_TOWN = (16.7500, 107.1900)
HANOI = (21.0285, 105.8542)


def detail_url(code) -> str:
    return f"/phan-anh/{code}/"


def draft_url(pk) -> str:
    return f"/phan-anh/nhap/{pk}/"


def draft_delete_url(pk) -> str:
    return f"/phan-anh/nhap/{pk}/xoa/"


def attachment_url(attachment) -> str:
    return f"/tep/{attachment.public_id}/"


def thumbnail_url(attachment) -> str:
    return f"/tep/{attachment.public_id}/thu-nho/"


def report_data(category, /, *, point=DONG_HA, action="send", **extra) -> dict:
    """What the form posts for a complete report, with the map point `point`."""
    data = {
        "title": "Ổ gà lớn trên đường Lê Duẩn",
        "content": "Mặt đường sụt lún sâu khoảng 20 cm, xe máy rất dễ ngã vào ban đêm.",
        "category": category.pk,
        "address": "",
        "action": action,
    }
    if point is not None:
        data["latitude"], data["longitude"] = point
    data.update(extra)
    return data


def jpeg_bytes(size=(64, 48), color="green") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


def jpeg_upload(name="anh-hien-truong.jpg", data=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or jpeg_bytes(), content_type="image/jpeg")


def text(response) -> str:
    return response.content.decode()


def words(response) -> str:
    """The page as a reader gets it: its text without the markup (a code in a
    sentence is wrapped in a span)."""
    return strip_tags(text(response))


def field_errors(response, name) -> list[str]:
    """The errors the page shows next to field `name` (its `id_<name>_error` list)."""
    match = re.search(
        rf'<ul class="field__errors" id="id_{name}_error">(.*?)</ul>', text(response), re.S
    )
    if not match:
        return []
    return [html.unescape(item.strip()) for item in re.findall(r"<li>(.*?)</li>", match[1], re.S)]


def stored_files() -> list[Path]:
    """Every file under MEDIA_ROOT (a fresh folder per test)."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def media_path(name) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def parse_xml(content):
    """The portal's own answer, parsed to check it is well-formed XML."""
    return ET.fromstring(content)  # noqa: S314
