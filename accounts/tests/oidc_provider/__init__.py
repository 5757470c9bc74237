"""A real OpenID Connect provider for the single sign-on tests: a small second
Django project (django-oauth-toolkit's provider) that `world.py` runs in its
own process, on a port of its own, with a SQLite file in a temporary folder
and an RSA key made for the run. It stands in for the province's provider and
never needs the network."""
