"""The documents an article cites: the box under the article (PORTAL_ARTICLE_EXTRAS), and the
articles that cite a document, for its page. Published documents and articles only."""

from django.template.loader import render_to_string

from news.models import Article

from .models import Citation


def cited_documents(article):
    """The "Văn bản liên quan" box of `article`: one query, none more per document."""
    citations = (
        Citation.objects.filter(article=article, document__is_published=True)
        .select_related("document__kind", "document__issuing_body")
        .order_by("order", "id")
    )
    documents = [citation.document for citation in citations]
    if not documents:
        return ""
    return render_to_string("documents/_cited_documents.html", {"cited_documents": documents})


def citing_articles(document, limit=20):
    """The published articles that cite `document`, newest first, with their sections: one query."""
    return list(
        Article.objects.published()
        .filter(document_citations__document=document)
        .select_related("section")
        .only("id", "title", "slug", "published_at", "section__slug", "section__name")
        .newest_first()[:limit]
    )
