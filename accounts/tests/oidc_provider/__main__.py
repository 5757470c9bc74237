"""`python -m accounts.tests.oidc_provider`: migrate the provider's SQLite file,
register the portal as a client and the test users (from spec.json), then
serve on a free port of 127.0.0.1 and write that port to ready.json.

The process ends with its parent: world.py stops it, and should the test run
die before that, a watch on the parent ends it within a second."""

import json
import os
import sys
import threading
import time


def _end_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _register(spec: dict) -> None:
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    client = spec["client"]
    Application.objects.create(
        name="Cổng phản ánh hiện trường",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=client["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for username, user in spec["users"].items():
        User.objects.create_user(username=username, password=user["password"])


def main() -> None:
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), daemon=True).start()
    os.environ["DJANGO_SETTINGS_MODULE"] = "accounts.tests.oidc_provider.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0, interactive=False)
    _register(settings.SPEC)
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    subjects = {user.username: str(user.pk) for user in User.objects.all()}
    ready = settings.RUN / "ready.json"
    ready.with_suffix(".tmp").write_text(json.dumps({"port": server.server_port, "sub": subjects}))
    ready.with_suffix(".tmp").rename(ready)
    print(f"OpenID Connect provider on 127.0.0.1:{server.server_port}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
