from django import forms
from django.utils.translation import gettext_lazy as _

from news.images import validate_image_file

from .models import AlbumPhoto, ArticleMedia, Video
from .videos import probe_video


class AlbumPhotoForm(forms.ModelForm):
    class Meta:
        model = AlbumPhoto
        fields = ["image", "caption", "alt_text", "credit", "order"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image is not self.instance.image:
            validate_image_file(image)
        return image


class VideoForm(forms.ModelForm):
    class Meta:
        model = Video
        fields = ["title", "slug", "description", "file", "poster", "credit", "is_published", "published_at"]

    def clean_poster(self):
        poster = self.cleaned_data.get("poster")
        if poster and poster is not self.instance.poster:
            validate_image_file(poster)
        return poster

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and uploaded is not self.instance.file and hasattr(uploaded, "size"):
            self.probed = probe_video(uploaded, with_poster=True)
        return uploaded

    def save(self, commit=True):
        video = super().save(commit=False)
        probed = getattr(self, "probed", None)
        if probed:
            video.kind = probed["kind"]
            video.duration = probed["duration"]
            video.width, video.height = probed["width"], probed["height"]
            video.file_size = self.cleaned_data["file"].size
            if probed["poster"] is not None and not self.cleaned_data.get("poster"):
                video.poster.save(f"{video.slug or 'video'}.jpg", probed["poster"], save=False)
        if commit:
            video.save()
        return video


class ArticleMediaForm(forms.ModelForm):
    class Meta:
        model = ArticleMedia
        fields = ["album", "video"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("album") and cleaned.get("video"):
            raise forms.ValidationError(_("Choose an album or a video, not both."))
        return cleaned
