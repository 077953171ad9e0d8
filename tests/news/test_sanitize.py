"""The body is cleaned on the server: what CKEditor 5 makes survives, nothing executable does."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from news.models import Article
from news.sanitize import clean_html
from tests.factories import make_section, make_user
from tests.newsroom import add_url, article_data, upload

pytestmark = pytest.mark.django_db

# What CKEditor 5 produces with the portal's toolbar, and must come out unchanged.
EDITOR_OUTPUT = [
    "<h2>Tiêu đề mục</h2><h3>Tiêu đề nhỏ</h3><h4>Tiêu đề nhỏ hơn</h4>",
    "<p><strong>Đậm</strong>, <i>nghiêng</i>, <em>nhấn</em>, <u>gạch chân</u>, <s>gạch ngang</s>.</p>",
    '<p><a href="https://hanoi.gov.vn/tin-tuc" rel="noopener noreferrer">Cổng Hà Nội</a></p>',
    '<p><a href="/chuyen-muc/thoi-su/" rel="noopener noreferrer">nội bộ</a></p>',
    "<ul><li>Một</li><li>Hai</li></ul><ol><li>Thứ nhất</li></ol>",
    '<ol start="3" reversed=""><li>Ba</li></ol>',
    "<blockquote><p>Đảng ta là đạo đức, là văn minh.</p></blockquote>",
    '<figure class="image"><img src="/media/uploads/2026/11/a.jpg" alt="Đại biểu dự hội nghị" width="1600" '
    'height="1067"><figcaption>Đồng chí Bí thư Quận ủy phát biểu kết luận.</figcaption></figure>',
    '<figure class="table"><table><thead><tr><th>Phường</th><th>Số đảng viên</th></tr></thead>'
    '<tbody><tr><td>Hòa Bình</td><td>120</td></tr><tr><td colspan="2">Tổng</td></tr></tbody></table>'
    "<figcaption>Bảng 1</figcaption></figure>",
    "<p>x<sub>2</sub> x<sup>2</sup></p><hr>",
]


@pytest.mark.parametrize("html", EDITOR_OUTPUT)
def test_editor_markup_survives_cleaning(html):
    """Headings, emphasis, links, lists, quotes, captioned images and tables are kept as they are."""
    assert clean_html(html) == html


def test_word_paste_comes_out_clean():
    """Markup pasted from Word loses its styles, spans, classes and comments, keeps its text."""
    pasted = (
        '<p class="MsoNormal" style="margin-left:0cm;text-align:justify"><span style="font-family:'
        '&quot;Times New Roman&quot;">Sáng 28/11, </span><!--[if !supportLists]--><b><span lang="VI">'
        "Quận ủy</span></b> tổ chức hội nghị.<o:p></o:p></p>"
    )
    assert clean_html(pasted) == "<p>Sáng 28/11, <b>Quận ủy</b> tổ chức hội nghị.</p>"


def test_resized_image_loses_its_inline_style():
    """Inline styles are dropped even on the editor's own markup (a CSP without inline styles agrees)."""
    html = (
        '<figure class="image image_resized" style="width:50%;"><img style="aspect-ratio:3/2;" src="/a.jpg"></figure>'
    )
    assert clean_html(html) == '<figure class="image image_resized"><img alt="" src="/a.jpg"></figure>'


# Known payloads (OWASP cheat sheet, PortSwigger, mutation XSS); each goes through the real admin form.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" alt="x" onerror="alert(document.cookie)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img srcset="javascript:alert(1) 1x, x 2x">',
    '<a href="https://example.vn" onmouseover="alert(1)">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    "<style>@import 'javascript:alert(1)'; body{background:red}</style>",
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><button>Gửi</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<figure class="image" onclick="alert(1)"><img src="/a.jpg" onload="alert(1)"></figure>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--><img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<template><script>alert(1)</script></template>",
    "<xss id=x tabindex=1 onfocus=alert(1)></xss>",
    '<p>Đoạn văn</p><script src="https://evil.example/x.js"></script>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<a href="#" style="position:fixed;top:0;left:0;width:100%;height:100%">lừa bấm</a>',
]
# Payloads also tried in the plain-text fields, which templates must escape.
TEXT_FIELDS = ["title", "lead", "source_unit", "cover_caption"]
TEXT_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</title><script>alert(1)</script>",
    "'><svg onload=alert(1)>",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "lowsrc", "ping"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "style",
    "svg",
    "math",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "template",
    "noscript",
    "video",
    "audio",
    "xss",
}


class ExecutableFinder(HTMLParser):
    """Lists whatever in a page could run script: handlers, script URLs, unexpected scripts, active tags."""

    def __init__(self, body_class="article-body"):
        super().__init__(convert_charrefs=True)
        self.body_class = body_class
        self.body_depth = 0  # > 0 while inside the article body
        self.problems = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES or name == "srcset":
                candidates = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                for url in candidates:
                    plain = "".join(ch for ch in url if ch > " ").lower()
                    if plain.startswith(DANGEROUS_SCHEMES):
                        self.problems.append(f"<{tag} {name}={url!r}>")
        if tag == "script":
            src = values.get("src", "")
            allowed_type = values.get("type", "") in ("application/json", "application/ld+json")
            # A JSON data block is never run; if a payload broke out of it with "</script>",
            # the parser would see the tags that follow and flag them.
            self.in_script = not allowed_type
            same_site = src.startswith(settings.STATIC_URL) or (src.startswith("/") and not src.startswith("//"))
            if not allowed_type and not same_site:
                self.problems.append(f"<script src={src!r}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "base":
            self.problems.append("<base>")
        if self.body_depth:
            if tag in DANGEROUS_TAGS:
                self.problems.append(f"<{tag}> in the article body")
            if "style" in values:
                self.problems.append(f"<{tag} style> in the article body")
            if tag == "div":
                self.body_depth += 1
        elif tag == "div" and self.body_class in values.get("class", "").split():
            self.body_depth = 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "div" and self.body_depth:
            self.body_depth -= 1

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
        if tag == "div" and self.body_depth:
            self.body_depth -= 1

    def handle_data(self, data):
        if self.in_script and data.strip() and "alert" in data:
            self.problems.append(f"script text {data[:40]!r}")


def executable_parts(html):
    finder = ExecutableFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def test_the_finder_spots_what_it_looks_for():
    """The checker itself flags a handler, a script URL and an inline script (so it can fail)."""
    page = (
        '<div class="article-body"><img src=x onerror=alert(1)><a href=" JAVAscript:x">a</a></div>'
        "<script>alert(1)</script>"
    )
    assert executable_parts(page) == [
        "<img onerror=…>",
        "<a href=' JAVAscript:x'>",
        "<script src=''>",
        "script text 'alert(1)'",
    ]


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("bientap", "editor"))
    return client


def publish_through_admin(client, section, **fields):
    """Create and publish an article with the admin form, as an editor's browser would."""
    response = client.post(add_url(), article_data(section, transition="publish", **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Article.objects.latest("id")


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=[f"xss{i:02d}" for i in range(len(XSS_PAYLOADS))])
def test_xss_payload_in_the_body_never_runs(editor_client, payload):
    """A known XSS payload in the body is saved cleaned, and the published page has nothing executable."""
    article = publish_through_admin(
        editor_client, make_section(), title="Bài thử an toàn", body=f"<p>Trước.</p>{payload}<p>Sau.</p>"
    )
    page = editor_client.get(article.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Trước." in html
    assert executable_parts(html) == []
    # The editor's own pages show it as text too.
    for url in (reverse("admin:news_article_change", args=[article.pk]), reverse("admin:news_article_changelist")):
        assert executable_parts(editor_client.get(url).content.decode()) == []


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("payload", TEXT_PAYLOADS)
def test_xss_payload_in_plain_text_fields_is_escaped(editor_client, field, payload):
    """Title, lead, source unit and caption are shown as text, whatever markup they hold."""
    values = {"title": "Bài thử", "lead": "Sapo.", "cover_image": upload()} | {field: f"Chữ {payload}"}
    article = publish_through_admin(editor_client, make_section(), **values)
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert executable_parts(html) == []
    assert payload not in html
