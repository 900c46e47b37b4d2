import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_public_home_is_chinese_by_default(client):
    response = client.get(reverse("web:public-home"))
    assert response.status_code == 200
    assert 'lang="zh-Hant-TW"' in response.content.decode()


@pytest.mark.django_db
def test_staff_home_requires_login(client):
    response = client.get(reverse("web:staff-home"))
    assert response.status_code == 302
    assert reverse("web:staff-login") in response["Location"]
