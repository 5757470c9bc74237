"""The portal's Open311 GeoReport v2 answers against independent definitions
(issue 13): the JSON Schemas of open311/schema-validation (vendored in
open311_schemas/, see NOTES.md there for the source and the fixes applied),
checked with jsonschema's Draft4Validator and its format checker (date-time,
uri), and the XML through expat, which refuses any malformed document."""

import copy
import json
from pathlib import Path
from xml.parsers import expat

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from .factories import issue_api_key
from .open311_world import BASE, get_json
from .open311_world import world as world

SCHEMAS = Path(__file__).with_name("open311_schemas")
BASE_URI = SCHEMAS.as_uri() + "/"
SCHEMA_FILES = ("request.json", "requests.json", "service.json", "services.json")
SCHEMA_FILES += ("service-definition.json", "swagger.json")


def _load(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


# Each file under its own file: URI, so the relative "$ref": "request.json"
# resolves to the vendored copy; the registry has no retriever: no network.
REGISTRY = Registry().with_resources(
    (BASE_URI + name, Resource.from_contents(_load(name), default_specification=DRAFT4))
    for name in SCHEMA_FILES
)

# What validates each answer (open311/schema-validation's campaign.php, but the
# single request is a one-item list, as GeoReport v2 answers it).
SCHEMAS_FOR = {
    "services": {"$ref": BASE_URI + "services.json"},
    "service": {"$ref": BASE_URI + "service-definition.json"},
    "requests": {"$ref": BASE_URI + "requests.json"},
    # Draft 4 ignores the siblings of "$ref": the bounds go beside an allOf.
    "request": {"allOf": [{"$ref": BASE_URI + "requests.json"}], "minItems": 1, "maxItems": 1},
    "posted": {
        "$ref": BASE_URI
        + "swagger.json#/paths/~1requests.{response_format}/post/responses/200/schema"
    },
}


def problems(kind, answer) -> list[str]:
    """Every way the answer breaks its schema, as "path: message"."""
    validator = Draft4Validator(
        SCHEMAS_FOR[kind], registry=REGISTRY, format_checker=Draft4Validator.FORMAT_CHECKER
    )
    return sorted(
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(answer)
    )


def item_properties(name, pointer=()):
    schema = _load(name)
    for key in pointer:
        schema = schema[key]
    return set(schema.get("required", ())), set(schema["properties"])


# --- Strict XML ------------------------------------------------------------------


class Node:
    def __init__(self, name):
        self.name, self.children, self.text = name, [], ""

    def names(self):
        return [child.name for child in self.children]

    def child(self, name):
        (found,) = [child for child in self.children if child.name == name]
        return found


def parse_strict(content: bytes) -> Node:
    """Expat raises ExpatError on any malformation; a DOCTYPE or an entity
    declaration is refused too, and the declaration must say UTF-8."""
    parser = expat.ParserCreate()
    stack, roots, declaration = [], [], {}

    def start(name, attributes):
        assert not attributes, (name, attributes)
        node = Node(name)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def refuse(*args):
        raise AssertionError(f"DTD content in an Open311 answer: {args}")

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: stack.pop()
    parser.CharacterDataHandler = lambda data: (
        stack and setattr(stack[-1], "text", stack[-1].text + data)
    )
    parser.XmlDeclHandler = lambda version, encoding, standalone: declaration.update(
        version=version, encoding=encoding
    )
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.Parse(content, True)
    assert declaration == {"version": "1.0", "encoding": "utf-8"}
    (root,) = roots
    return root


def get_strict_xml(client, path, expect=200):
    response = client.get(f"{BASE}/{path}.xml")
    assert response.status_code == expect, response.content
    assert response["Content-Type"].startswith("text/xml")
    return parse_strict(response.content)


def assert_items(root, item_tag, schema_name, pointer=()):
    """Each item carries its schema's required fields and nothing it does not define."""
    required, known = item_properties(schema_name, pointer)
    assert root.children and set(root.names()) == {item_tag}
    for item in root.children:
        fields = set(item.names())
        assert required <= fields <= known, (item_tag, fields)
        assert len(fields) == len(item.children)


# --- The portal's answers --------------------------------------------------------


@pytest.fixture
def api_key(db):
    return issue_api_key(name="Ứng dụng lược đồ", partner="Công ty ABC")[1]


def post(client, fmt, api_key):
    data = {
        "api_key": api_key, "service_code": "giao-thong", "lat": "16.8", "long": "107.1",
        "description": "Ổ gà trên đường Lê Lợi", "email": "a@example.com",
    }  # fmt: skip
    response = client.post(f"{BASE}/requests.{fmt}", data)
    assert response.status_code == 200, response.content
    return response


def test_vendored_schemas_are_valid_draft4():
    for name in SCHEMA_FILES[:-1]:
        schema = _load(name)
        assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
        Draft4Validator.check_schema(schema)
    for kind, schema in SCHEMAS_FOR.items():
        Draft4Validator.check_schema(schema)
        assert REGISTRY.resolver().lookup(schema.get("$ref") or schema["allOf"][0]["$ref"]), kind


def test_services_match_the_schema(client, world):
    services = get_json(client, "services")
    assert problems("services", services) == []
    assert {s["service_code"] for s in services} == {"giao-thong", "chieu-sang"}
    root = get_strict_xml(client, "services")
    assert root.name == "services"
    assert_items(root, "service", "service.json")
    codes = [item.child("service_code").text for item in root.children]
    assert codes == [s["service_code"] for s in services]


def test_service_definition_matches_the_schema(client, world):
    definition = get_json(client, "services/giao-thong")
    assert problems("service", definition) == []
    root = get_strict_xml(client, "services/giao-thong")
    assert root.name == "service_definition"
    assert root.names() == ["service_code", "attributes"]
    assert root.child("service_code").text == "giao-thong"
    assert root.child("attributes").children == []


def test_requests_match_the_schema(client, world):
    requests = get_json(client, "requests")
    assert problems("requests", requests) == []
    assert len(requests) == 3
    root = get_strict_xml(client, "requests")
    assert root.name == "service_requests"
    assert_items(root, "request", "request.json")
    ids = [item.child("service_request_id").text for item in root.children]
    assert ids == [r["service_request_id"] for r in requests]
    assert [item.child("status").text for item in root.children] == [r["status"] for r in requests]


@pytest.mark.parametrize("report", ["published", "in_progress", "resolved"])
def test_one_request_matches_the_schema(client, world, report):
    code = world[report].code
    answer = get_json(client, f"requests/{code}")
    assert problems("request", answer) == []
    assert answer[0]["service_request_id"] == code
    root = get_strict_xml(client, f"requests/{code}")
    assert root.name == "service_requests"
    assert_items(root, "request", "request.json")
    assert [item.child("service_request_id").text for item in root.children] == [code]


def test_posted_request_answer_matches_the_schema(client, world, api_key):
    answer = post(client, "json", api_key).json()
    assert problems("posted", answer) == []
    assert len(answer) == 1 and answer[0]["service_request_id"].startswith("PA-")
    root = parse_strict(post(client, "xml", api_key).content)
    assert root.name == "service_requests"
    assert_items(root, "request", "swagger.json", ("definitions", "RequestResponse"))
    assert root.children[0].child("service_request_id").text.startswith("PA-")


@pytest.mark.parametrize("path", ["requests/PA-KHONG-CO", "services/khong-co", "tokens/abc"])
def test_not_found_is_an_errors_list(client, world, path):
    root = get_strict_xml(client, path, expect=404)
    assert root.name == "errors" and root.names() == ["error"]
    (error,) = root.children
    assert error.names() == ["code", "description"]
    assert error.child("code").text == "404" and error.child("description").text.strip()


# --- The schemas do refuse broken answers ------------------------------------------


def _set(index, **fields):
    return lambda answer: answer[index].update(fields)


def _drop(index, field):
    return lambda answer: answer[index].pop(field)


BROKEN = {
    "status pending": ("requests", _set(0, status="pending"), "is not one of ['open', 'closed']"),
    "numeric request id": (
        "requests",
        _set(1, service_request_id=638344),
        "id: 638344 is not of type",
    ),
    "no service_code": ("requests", _drop(0, "service_code"), "'service_code' is a required"),
    "no offset": ("requests", _set(0, requested_datetime="2026-01-01T10:00:00"), "'date-time'"),
    "not an object": ("requests", lambda a: a.append("hello"), "'hello' is not of type 'object'"),
    "service without code": ("services", _drop(0, "service_code"), "'service_code' is a required"),
    "metadata as text": ("services", _set(1, metadata="false"), "'false' is not of type 'boolean'"),
    "unknown type": ("services", _set(0, type="sometimes"), "'sometimes' is not one of"),
    "no services": ("services", lambda a: a.clear(), "[] should be non-empty"),
    "two requests": ("request", lambda a: a.append(a[0]), "is too long"),
    "no request": ("request", lambda a: a.clear(), "[] should be non-empty"),
    "relative photo": ("request", _set(0, media_url="/media/a.jpg"), "url: '/media/a.jpg' is not"),
    "numeric post id": ("posted", _set(0, service_request_id=293944), "id: 293944 is not of type"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_schemas_refuse_a_broken_answer(client, world, api_key, case):
    kind, breaks, message = BROKEN[case]
    if kind == "posted":
        answer = post(client, "json", api_key).json()
    else:
        path = f"requests/{world['published'].code}" if kind == "request" else kind
        answer = get_json(client, path)
    # The real answer lacks the problem; the same answer, broken, has it.
    assert not [p for p in problems(kind, answer) if message in p]
    broken = copy.deepcopy(answer)
    breaks(broken)
    assert [p for p in problems(kind, broken) if message in p], problems(kind, broken)


def test_service_definition_schema_refuses_a_broken_attribute(client, world):
    definition = get_json(client, "services/giao-thong")
    definition["attributes"].append({"code": "SIZE", "datatype": "string", "required": "true"})
    assert problems("service", definition) == [
        "attributes/0/required: 'true' is not of type 'boolean'",
        "attributes/0: 'variable' is a required property",
    ]
    assert problems("service", [definition]) == [f": {[definition]!r} is not of type 'object'"]


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0" encoding="utf-8"?>\n<services><service></services>',
        b"<services><service/></services>",
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE s [<!ENTITY a "aa">]><s>&a;</s>',
        b'<?xml version="1.0" encoding="utf-8"?>\n<a/><b/>',
        b'<?xml version="1.0" encoding="utf-8"?>\n<errors><error code="1"/></errors>',
    ],
)
def test_strict_xml_parser_refuses_a_broken_document(document):
    with pytest.raises((expat.ExpatError, AssertionError)):
        parse_strict(document)
