import pytest

from news.text import search_normalize, strip_accents, vn_slugify


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Đại hội Đảng bộ", "dai-hoi-dang-bo"),
        ("Tiến tới Đại hội Đảng bộ quận lần thứ XIII", "tien-toi-dai-hoi-dang-bo-quan-lan-thu-xiii"),
        ("Kinh tế – Đô thị", "kinh-te-do-thi"),
        ("Phường Đông Hưng: 50 năm tuổi Đảng!", "phuong-dong-hung-50-nam-tuoi-dang"),
        ("  Ngọc Khánh  ", "ngoc-khanh"),
    ],
)
def test_slugs_transliterate_vietnamese(text, slug):
    """Vietnamese titles become readable addresses, đ/Đ included."""
    assert vn_slugify(text) == slug


def test_strip_accents_keeps_letters():
    """Accents go, letters stay: Đ becomes D rather than disappearing."""
    assert strip_accents("Đảng bộ phường Hòa Bình") == "Dang bo phuong Hoa Binh"


def test_search_normalize_lowercases_and_collapses_spaces():
    """Search text ignores case, accents and extra spaces."""
    assert search_normalize("  ĐẠI   Hội ") == "dai hoi"


def test_slug_is_bounded():
    """A very long title still gives a slug within the column's length."""
    assert len(vn_slugify("Đại hội " * 100, max_length=50)) <= 50
