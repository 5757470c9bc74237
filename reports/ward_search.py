"""What the report form's ward search offers (issue 14, defect 1).

Typing "dong ha" must find "Phường Đông Hà" before "Phường Nam Đông Hà". The
rule: a name the query matches exactly (the whole name, or the name without its
kind "Phường", "Xã", "Đặc khu") comes first, then a name in which the query is
whole words, then a name that merely contains it; accents never matter. Each
ward is delivered with the keys of those three ranks, already folded, so the
form's script only looks the query up (static/js/ward-search.js); ties keep
this list's order, shortest names first.
"""

from accounts.text import fold


def ward_search_entries(wards) -> list[dict]:
    """The wards for the form's script: pk, name, centre, and their search keys
    `exact` (names matched exactly), `words` (every run of whole words) and
    `text` (the folded name, for partial matches)."""
    entries = []
    for ward in wards:
        text = " ".join(fold(ward.name).split())
        kind = " ".join(fold(ward.kind).split())
        short = text[len(kind) + 1 :] if kind and text.startswith(kind + " ") else text
        words = text.split()
        runs = {
            " ".join(words[start:end])
            for start in range(len(words))
            for end in range(start + 1, len(words) + 1)
        }
        entries.append(
            {
                "pk": ward.pk,
                "name": ward.name,
                "latitude": ward.latitude,
                "longitude": ward.longitude,
                "exact": sorted({text, short}),
                "words": sorted(runs),
                "text": text,
                "short": short,
            }
        )
    entries.sort(key=lambda entry: (len(entry["short"]), entry["short"]))
    for entry in entries:
        del entry["short"]
    return entries
