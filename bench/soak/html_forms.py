"""The forms of an HTML page, read as a browser would submit them unchanged.

Standard library only: the load tool's process imports this, not Django.
"""

from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "file", "reset", "image"}


class Form:
    def __init__(self, action: str, method: str):
        self.action, self.method = action, method
        self.fields: dict[str, list[str]] = {}
        self.first_radio: dict[str, str] = {}

    def data(self, **overrides) -> dict[str, list[str] | str]:
        """Every field with its default value (a radio group without a choice
        takes its first option), then `overrides`."""
        values = {**{name: [value] for name, value in self.first_radio.items()}, **self.fields}
        values.update(overrides)
        return values


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: tuple[str, list[str], list[str]] | None = None  # name, selected, all
        self.textarea: tuple[str, list[str]] | None = None

    def _add(self, name: str, value: str) -> None:
        self.form.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.form = Form(attrs.get("action", ""), attrs.get("method", "get").lower())
            self.forms.append(self.form)
            return
        name = attrs.get("name")
        if self.form is None:
            return
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            if kind == "radio":
                self.form.first_radio.setdefault(name, attrs.get("value", "on"))
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
                return
            self._add(name, attrs.get("value", ""))
        elif tag == "select" and name:
            self.select = (name, [], [])
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            self.select[2].append(value)
            if "selected" in attrs:
                self.select[1].append(value)
        elif tag == "textarea" and name:
            self.textarea = (name, [])

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select and self.form:
            name, selected, options = self.select
            chosen = selected or options[:1]  # as a browser: the first option
            for value in chosen:
                self._add(name, value)
            self.select = None
        elif tag == "textarea" and self.textarea and self.form:
            name, text = self.textarea
            self._add(name, "".join(text).removeprefix("\n"))
            self.textarea = None


def forms_of(html: str) -> list[Form]:
    reader = _Reader()
    reader.feed(html)
    return reader.forms


def post_form(html: str, action_ends: str) -> Form | None:
    """The first POST form whose action's path ends with `action_ends`, or that
    posts to the page itself (no action)."""
    for form in forms_of(html):
        path = form.action.split("#")[0].split("?")[0]
        if form.method == "post" and (not form.action or path.endswith(action_ends)):
            return form
    return None
