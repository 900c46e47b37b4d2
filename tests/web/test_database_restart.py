"""A PostgreSQL restart, seen from the application: the connections it had are cut and
new ones are refused for a while. The test puts a TCP proxy between the application and
the test database and cuts and refuses there (the shared server is never stopped), and
sends requests through Django's real WSGI handler, whose request signals close broken
connections as in production. Runs on PostgreSQL only (CI runs it); seconds at most."""

import contextlib
import json
import socket
import threading

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from minfu.voice.models import Petition
from tests.voice.factories import agency_unit, category

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

PETITION = {"organisation": "API", "kind": "suggestion", "category": "road",
            "subject": "增設路燈", "text": "建議增設路燈",
            "petitioner": {"name": "王小明", "email": "ming@example.tw"}, "consent": True}
TIMEOUT = 5.0  # seconds any socket of the proxy waits


class Proxy:
    """Forwards 127.0.0.1:<port> to the database; `cut()` ends every connection through
    it, `refuse()` stops listening (connections are refused), `accept()` listens again on
    the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.sockets, self.listener = target, [], None
        self.port = self._listen(0)

    def _listen(self, port: int) -> int:
        self.listener = socket.create_server(("127.0.0.1", port))
        self.listener.settimeout(TIMEOUT)
        threading.Thread(target=self._serve, args=(self.listener,), daemon=True).start()
        return self.listener.getsockname()[1]

    def _serve(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by refuse(), or nobody came
                if listener.fileno() == -1:
                    return
                continue
            upstream = socket.create_connection(self.target, timeout=TIMEOUT)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            end.close()

    def cut(self):
        ends, self.sockets = self.sockets, []
        for end in ends:
            with contextlib.suppress(OSError):  # already closed by its pump
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def refuse(self):
        # shutdown() wakes the thread waiting in accept(), which close() alone does not:
        # until it wakes, the port would still be listening.
        if self.listener.fileno() != -1:
            self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
        self.cut()

    def accept(self):
        self._listen(self.port)


@pytest.fixture
def through_proxy():
    """The default connection goes through the proxy and is kept between requests (as in
    production: DATABASE_CONN_MAX_AGE=60, health checks on)."""
    settings_dict = connection.settings_dict
    saved = {key: settings_dict[key] for key in ("HOST", "PORT", "CONN_MAX_AGE",
                                                  "CONN_HEALTH_CHECKS")}
    proxy = Proxy((settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)))
    connection.close()
    settings_dict.update(HOST="127.0.0.1", PORT=str(proxy.port), CONN_MAX_AGE=60,
                         CONN_HEALTH_CHECKS=True)
    yield proxy
    connection.close()
    settings_dict.update(saved)
    proxy.refuse()


def submit(key: str) -> tuple[int, dict, dict]:
    """POST the petition through the WSGI handler: (status, headers, body)."""
    request = RequestFactory().post("/api/v1/voice/submit/", json.dumps(PETITION),
                                    content_type="application/json",
                                    HTTP_IDEMPOTENCY_KEY=key)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    response = WSGIHandler()(request.environ, start_response)
    try:
        body = b"".join(response)
    finally:
        response.close()  # request_finished: Django closes a broken connection here
    return answer["status"], answer["headers"], json.loads(body)


def test_a_restart_answers_503_and_the_retry_files_one_petition(through_proxy):
    category(agency_unit("API"), code="road")
    assert submit("before")[0] == 201
    through_proxy.refuse()  # the restart begins: connections cut, new ones refused
    status, headers, body = submit("during")
    assert status == 503 and int(headers["Retry-After"]) > 0
    assert body["error"]["code"] == "service_unavailable"
    through_proxy.accept()  # back
    assert submit("during")[0] == 201
    assert submit("during")[0] == 200
    assert Petition.objects.count() == 2


def test_the_first_request_after_a_quick_restart_reconnects(through_proxy):
    category(agency_unit("API"), code="road")
    assert submit("before")[0] == 201  # leaves its connection open for the next request
    through_proxy.cut()  # restarted while idle: the kept connection is dead
    assert submit("after")[0] == 201
