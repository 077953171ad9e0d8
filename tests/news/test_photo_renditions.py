import pytest
from django.core.files.storage import default_storage

from news.images import rendition_name
from news.models import Photo
from tests.factories import image_file, make_article

pytestmark = pytest.mark.django_db


def test_photo_saved_through_its_file_field_gets_renditions():
    """A photo added in code (demo content, imports) is shown to readers, not as a broken image."""
    article = make_article()
    photo = Photo(article=article, caption="Đồng chí Bí thư phát biểu")
    photo.image.save("hoi-nghi.jpg", image_file(width=800), save=False)
    photo.save()
    for width in (320, 640):
        for ext in ("webp", "jpg"):
            assert default_storage.exists(rendition_name(photo.image.name, width, ext))


def test_photo_loaded_from_the_database_keeps_its_renditions_when_saved_again():
    """Editing a photo's caption does not redo its renditions."""
    photo = make_article(photos=1).photos.get()
    name = rendition_name(photo.image.name, 320, "jpg")
    default_storage.delete(name)
    photo.caption = "Chú thích mới"
    photo.save()
    assert not default_storage.exists(name)
