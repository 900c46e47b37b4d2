import pytest

from minfu.participation.models import Ballot, Comment

from . import factories

pytestmark = pytest.mark.django_db
BASE = "/api/v1/participation"


def token(client, key: str, address: str = "lin@example.org") -> str:
    assert client.post(f"{BASE}/verifications/", {"activity": key, "address": address},
                       content_type="application/json").status_code == 202
    answer = client.post(f"{BASE}/verifications/confirm/",
                         {"activity": key, "address": address, "code": "123456"},
                         content_type="application/json")
    assert answer.status_code == 200, answer.content
    return answer.json()["participation_token"]


def test_comment_through_the_api_with_idempotency(client, fixed_code):
    item = factories.consultation()
    proof = token(client, item.activity_key)
    url = f"{BASE}/consultations/{item.pk}/comments/"
    body = {"participation_token": proof, "body": "API 意見"}
    first = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="a1")
    again = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="a1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["access_code"] and again.json()["access_code"] is None
    assert Comment.objects.count() == 1


def test_a_long_idempotency_key_is_kept_whole_in_a_short_column(client, fixed_code):
    item = factories.consultation()
    url = f"{BASE}/consultations/{item.pk}/comments/"
    body = {"participation_token": token(client, item.activity_key), "body": "API 意見"}
    long_key, other_key = "k" * 80, "k" * 79 + "j"
    answers = [client.post(url, body, content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY=key).status_code
               for key in (long_key, long_key, other_key)]
    assert answers == [201, 200, 201]  # the same key repeats; a key one letter apart does not
    assert Comment.objects.count() == 2
    assert all(len(comment.idempotency_key) <= 64 for comment in Comment.objects.all())


def test_a_token_of_another_activity_is_refused(client, fixed_code):
    item, other = factories.consultation(), factories.consultation()
    proof = token(client, other.activity_key)
    answer = client.post(f"{BASE}/consultations/{item.pk}/comments/",
                         {"participation_token": proof, "body": "x!"},
                         content_type="application/json")
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "not_verified"


def test_vote_twice_makes_one_ballot_and_results_stay_hidden(client, fixed_code):
    poll = factories.poll(hidden=True)
    proof = token(client, poll.activity_key)
    option = poll.options.first().pk
    url = f"{BASE}/polls/{poll.pk}/vote/"
    body = {"participation_token": proof, "options": [option]}
    assert client.post(url, body, content_type="application/json").status_code == 201
    assert client.post(url, body, content_type="application/json").status_code == 200
    assert Ballot.objects.count() == 1
    assert client.get(f"{BASE}/polls/{poll.pk}/").json()["results"] is None


def test_wrong_code_is_a_400_with_its_code(client, fixed_code):
    item = factories.consultation()
    client.post(f"{BASE}/verifications/", {"activity": item.activity_key,
                                           "address": "lin@example.org"},
                content_type="application/json")
    answer = client.post(f"{BASE}/verifications/confirm/",
                         {"activity": item.activity_key, "address": "lin@example.org",
                          "code": "000000"}, content_type="application/json")
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "wrong_code"
