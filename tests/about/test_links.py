"""Links to related agencies: in the footer of every page and on /lien-ket/, http(s) only."""

import re

import pytest
from django.core.exceptions import ValidationError

from about.models import AgencyLink
from tests.factories import make_agency_link

pytestmark = pytest.mark.django_db


def footer(html):
    return re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)


def test_footer_lists_the_shown_links_by_group_with_noopener(client):
    """The home page's footer has the shown links under their groups, each with rel="noopener" and its name."""
    make_agency_link("Cổng thông tin điện tử thành phố Hà Nội", "https://hanoi.gov.vn", group=AgencyLink.Group.CITY)
    make_agency_link("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn", group=AgencyLink.Group.CENTRAL)
    make_agency_link("Liên kết ẩn", "https://example.vn", is_shown=False)
    html = footer(client.get("/").content.decode())
    assert '<a href="https://hanoi.gov.vn" rel="noopener external">Cổng thông tin điện tử thành phố Hà Nội</a>' in html
    assert html.index("Cơ quan Trung ương") < html.index("Chính phủ") < html.index("Thành phố") < html.index("Hà Nội")
    assert "Liên kết ẩn" not in html
    assert 'aria-labelledby="footer-links-title"' in html


def test_links_page_lists_them_in_order(client):
    """/lien-ket/ lists the links of each group in the editors' order."""
    make_agency_link("Phường Thống Nhất", "https://thongnhat.example.vn", group=AgencyLink.Group.WARD, order=2)
    make_agency_link("Phường Hòa Bình", "https://hoabinh.example.vn", group=AgencyLink.Group.WARD, order=1)
    response = client.get("/lien-ket/")
    assert response.status_code == 200
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    assert main.index("Phường Hòa Bình") < main.index("Phường Thống Nhất")
    assert '<h2 class="link-group-title">Phường</h2>' in main


def test_no_footer_block_without_links(client):
    """With no link entered, the footer has no empty "Liên kết" block."""
    assert "footer-links" not in footer(client.get("/").content.decode())


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "ftp://ftp.example.vn/",
        "//example.vn/",
        "hanoi.gov.vn",
    ],
)
def test_only_http_and_https_addresses_are_accepted(url):
    """An address that is not http(s) (javascript:, data:, ftp:, no scheme) is refused with a message."""
    link = AgencyLink(name="Liên kết", url=url, group=AgencyLink.Group.CITY)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "url" in error.value.message_dict


def test_a_link_written_past_the_form_is_not_shown(client):
    """A javascript: link stored without validation (a script, the shell) never reaches a page."""
    AgencyLink.objects.create(name="Độc hại", url="javascript:alert(1)")
    assert "javascript:" not in client.get("/").content.decode()
    assert "javascript:" not in client.get("/lien-ket/").content.decode()
