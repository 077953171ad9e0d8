import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_home_lists_a_published_article(client):
    """The home page shows a published article's title."""
    article = make_article(title="Hội nghị Ban Chấp hành Đảng bộ quận")
    response = client.get(reverse("news:home"))
    assert response.status_code == 200
    assert article.title in response.content.decode()
