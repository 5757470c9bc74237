"""PyPI `three` 0.8.0, an independent Open311 GeoReport v2 client, made to run
on Python 3.13 for the tests (issue 13). three (2013) was written for Python 2;
three things break, and each gets the smallest patch:

1. `three/core.py` does `from itertools import ifilter`, gone in Python 3: an
   ImportError. `itertools.ifilter` is set to the built-in `filter` only while
   three is imported, then removed again, so itertools stays as it was.
2. Its XML reader, relaxml 0.1.3, walks the tree with `Element.getchildren()`,
   which ElementTree lost in Python 3.9. relaxml swallows that error with a
   bare `except` and re-parses `str(bytes)`, so it shows as a misleading
   "not well-formed ... line 1, column 1". `_XML2Dict` below is relaxml's own
   converter, fed by a parser whose elements still have `getchildren()`;
   relaxml's module is not patched.
3. `Three.convert` does `content.keys()[0]` on the XML's dict: dict_keys is not
   subscriptable in Python 3, a TypeError for every XML answer. `Three3`
   overrides `convert` for XML only and returns, as three did, the value under
   the single root element.

None of this changes three's request logic: URL building, query parameters,
jurisdiction and api_key handling, POST form encoding and JSON decoding (with
simplejson) are three's own code. three also reads OPEN311_CITY_INFO and
OPEN311_API_KEY from the environment: importing this module leaves them alone;
tests that use it clear them (monkeypatch). relaxml's source has an invalid
escape (a SyntaxWarning when it is compiled): the test module filters that one
warning for itself.
"""

import itertools
import xml.etree.ElementTree as ET  # nosec B405 # parses only the test server's answers

import relaxml

_ADDED_IFILTER = not hasattr(itertools, "ifilter")
if _ADDED_IFILTER:
    itertools.ifilter = filter
try:
    import three.core as three_core
finally:
    if _ADDED_IFILTER:
        del itertools.ifilter


class _Element(ET.Element):
    """An ElementTree element with Python 2's getchildren(), for relaxml."""

    def getchildren(self):
        return list(self)


class _XML2Dict(relaxml.XML2Dict):
    """relaxml's converter (its _parse_node is untouched), parsing with _Element."""

    def fromstring(self, s):
        parser = ET.XMLParser(target=ET.TreeBuilder(element_factory=_Element))  # noqa: S314
        parser.feed(s)
        root = parser.close()
        root_tag, root_tree = self._namespace_split(root.tag, self._parse_node(root))
        return {root_tag: root_tree}


class Three3(three_core.Three):
    """three's client, its XML answers converted as three 0.8.0 meant."""

    def convert(self, content, conversion):
        if conversion and self.format == "xml":
            parsed = _XML2Dict().fromstring(content)  # {root_tag: tree}
            return next(iter(parsed.values()))  # three: content[content.keys()[0]]
        return super().convert(content, conversion)


__all__ = ["Three3"]
