"""Text as XML 1.0 can carry it, for the XML the portal writes (Open311, the
Atom feeds).

Text saved through the ORM has neither control characters nor U+FFFE/U+FFFF
(accounts/text.py, applied by accounts/receivers.py), but bulk inserts skip
that receiver and older rows may hold them. One such character makes the whole
document unreadable for every reader, so the writers drop them too. This is
XML's own rule (C1 characters are allowed there), not the stored-text one.
"""

import re

# Everything outside XML 1.0's `Char` production.
NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_XML_CHARACTERS.sub("", text)
