"""Open311 GeoReport v2 at /open311/v2/ (README §8).

- serializers.py: reports and categories as plain dicts, and the JSON/XML writers;
- views.py: the endpoints, each in `.json` and `.xml`;
- urls.py: mounted by phananh/urls.py.

Partners post reports with an `ApiKey` (reports/models/api_key.py), managed in the admin.
"""
