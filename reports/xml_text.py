"""Text as XML 1.0 can carry it, for the XML the portal writes (Open311, the
Atom feeds).

Stored text has no control characters (accounts/receivers.py), but XML 1.0
also leaves out U+FFFE and U+FFFF, which any client may type, and bulk inserts
skip the receiver. One such character makes the whole document unreadable for
every reader, so the writers drop them.
"""

import re

# Everything outside XML 1.0's `Char` production.
NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_XML_CHARACTERS.sub("", text)
