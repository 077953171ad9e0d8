from pagecache.generation import content_changed


def public_question_changed(sender, instance, **kwargs):
    """Invalidate the stored pages when a question is, or was until now, shown to readers."""
    if instance.is_published or instance.was_published:
        content_changed()
