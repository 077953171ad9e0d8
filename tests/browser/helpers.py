"""What the browser tests share besides fixtures: window sizes, axe-core, screenshots, keyboard steps, polls.

Playwright's import is guarded so that this module, and the test modules that import `expect`
from it, still load on a machine without Playwright: the conftest then skips or fails the tests
with a message, instead of pytest reporting an import error.
"""

import io
import json
import re
from pathlib import Path

from django.conf import settings
from PIL import Image

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest reports what is missing
    expect = None

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_REPORTS = ARTIFACTS / "axe"

# Window sizes: a common small phone, and a laptop.
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# The ballots of the `open_poll` fixture before a test votes: one more vote gives whole percentages.
OPEN_POLL_VOTES = {"Có": 3, "Không": 1, "Cần thêm thời gian nghiên cứu": 0}

# What the session wrote, for the summary the conftest prints at the end.
written_screenshots: list[Path] = []
axe_summaries: dict[str, str] = {}
journey_notes: dict[str, str] = {}  # figures a journey measured, e.g. how long a scheduled article took to appear

# The newsroom fixture's accounts log in with this; the admin lives under settings.PORTAL_ADMIN_URL.
PASSWORD = "mat-khau-trinh-duyet-2026"
ADMIN = "/" + settings.PORTAL_ADMIN_URL

# Rule sets axe-core checks: WCAG 2.x A and AA, and its best practices (landmarks, heading order).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}


def run_axe(page, include=None):
    """axe-core's violations and undecided checks for the page as it is now (injected from node_modules).

    `include`: a CSS selector to check only that part of the page (e.g. a box a script has just rewritten).
    """
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async ([tags, include]) => await axe.run(include ? {include: [include]} : document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations', 'incomplete'],
        })""",
        [AXE_TAGS, include],
    )


def describe_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page, name, include=None):
    """No serious or critical axe-core violation on the page (or its `include` part); the full report goes to
    test-artifacts/axe/."""
    results = run_axe(page, include)
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    report = {"url": page.url, "violations": results["violations"], "incomplete": results["incomplete"]}
    (AXE_REPORTS / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    violations = results["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    minor = sorted(f"{v['id']} ({v['impact']})" for v in violations if v["impact"] not in BLOCKING_IMPACTS)
    # What axe-core could not decide alone (e.g. text on a gradient): for a person to look at.
    review = sorted(f"{v['id']} ({len(v['nodes'])})" for v in results["incomplete"])
    axe_summaries[name] = "; ".join(
        [f"{len(blocking)} serious/critical"]
        + ([f"minor: {', '.join(minor)}"] if minor else [])
        + ([f"needs a person to review: {', '.join(review)}"] if review else [])
    )
    assert not blocking, f"axe-core found serious problems on {name} ({page.url}):\n{describe_violations(blocking)}"


def load_all_images(page):
    """Scroll through the page so that lazy images load, then wait until every image shown has finished."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
                window.scrollTo(0, y);
                await new Promise(requestAnimationFrame);
            }
            window.scrollTo(0, 0);
        }"""
    )
    # Images with no box (inside a closed <details>, say) are not shown, and lazy ones never load.
    page.wait_for_function("Array.from(document.images).every((img) => img.complete || !img.checkVisibility())")


def screenshot(page, name):
    """A full-page PNG in test-artifacts/screenshots/, named after the page and the window width."""
    load_all_images(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    written_screenshots.append(path)
    return path


def is_focused(locator):
    return locator.evaluate("(el) => el === document.activeElement")


def tab_to(page, locator, max_presses=60):
    """Press Tab, as a keyboard user does, until `locator` has the focus; fail if it never gets it."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"{locator} was not reached with {max_presses} presses of Tab")


# The contrast between an element's focus ring and the colours right behind it (WCAG 1.4.11 asks 3:1).
# Walks up from the element (ring drawn inside it) or its parent (ring outside), blending
# semi-transparent backgrounds, down to an opaque colour or a gradient (each of its stops counts).
FOCUS_RING_CONTRAST_JS = r"""(el) => {
    const style = getComputedStyle(el);
    const parse = (text) => {
        const parts = text.slice(text.indexOf('(') + 1, -1).split(/[\s,\/]+/).filter(Boolean).map(Number);
        return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
    };
    const colorsIn = (text) => (text.match(/rgba?\([^)]*\)/g) || []).map(parse);
    const over = (top, base) => [0, 1, 2].map((i) => top[i] * top[3] + base[i] * (1 - top[3])).concat(1);
    const luminance = (c) => {
        const f = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const ratio = (a, b) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
    };
    const overlays = [];
    let bases = [[255, 255, 255, 1]];
    let node = parseFloat(style.outlineOffset) < 0 ? el : el.parentElement;
    for (; node; node = node.parentElement) {
        const nodeStyle = getComputedStyle(node);
        const color = parse(nodeStyle.backgroundColor);
        const stops = colorsIn(nodeStyle.backgroundImage);
        const beneath = color[3] >= 1 ? color : [255, 255, 255, 1];
        if (stops.length) { bases = stops.map((stop) => over(stop, beneath)); break; }
        if (color[3] >= 1) { bases = [color]; break; }
        if (color[3] > 0) overlays.push(color);
    }
    const behind = bases.map((base) => overlays.reduceRight((acc, layer) => over(layer, acc), base));
    const ring = parse(style.outlineColor);
    return Math.min(...behind.map((colour) => ratio(ring, colour)));
}"""


def assert_focus_visible(locator):
    """The focused element shows a focus ring a sighted keyboard user can see: 2 px or more, 3:1 contrast."""
    assert is_focused(locator), f"{locator} does not have the focus"
    outline = locator.evaluate(
        "(el) => { const s = getComputedStyle(el); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, f"{locator} has no visible focus ring: outline {outline}"
    contrast = locator.evaluate(FOCUS_RING_CONTRAST_JS)
    assert contrast >= 3, f"{locator}: its focus ring is hard to see against the background (contrast {contrast:.2f}:1)"


def normalized_text(locator):
    return re.sub(r"\s+", " ", locator.inner_text()).strip()


# The newsroom (admin)


def photo_file(name, color, width=1200, height=800):
    """A camera-like JPEG to hand to a file input or file chooser, without writing it to disk."""
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), color)
    # Two colours, so that the photo is visibly a picture (and not a blank box) in screenshots.
    image.paste((250, 240, 220), (width // 3, height // 3, width * 2 // 3, height * 2 // 3))
    image.save(out, "JPEG", quality=85)
    return {"name": name, "mimeType": "image/jpeg", "buffer": out.getvalue()}


def log_in(page, username, password=PASSWORD):
    """Log into the newsroom through its Vietnamese login page, as an editor does every morning."""
    page.goto(ADMIN)
    expect(page).to_have_title(re.compile(r"^Đăng nhập \|"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Bài viết cần xử lý")).to_be_visible()


def press(page, button):
    """Click a button that submits the admin form, and wait for the page it leads to."""
    with page.expect_navigation():
        button.click()


def admin_message(page):
    return page.locator(".messagelist")


class BodyEditor:
    """The article body's CKEditor 5, used the way an editor uses it: typing, the toolbar, its balloons."""

    def __init__(self, page):
        self.page = page
        self.editable = page.locator(".ck-editor__editable")
        self.toolbar = page.get_by_role("toolbar", name="Thanh công cụ biên tập")

    def type_paragraph(self, text):
        """Type `text` at the end of the body as a paragraph of its own, and leave the caret on a new line."""
        self.editable.click()
        self.page.keyboard.press("Control+End")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def type_heading(self, text, level=2):
        """Turn the current line into a heading with the toolbar's "Tiêu đề" list, and type it."""
        self.toolbar.get_by_role("button", name="Tiêu đề").click()
        self.page.get_by_role("menuitemradio", name=f"Tiêu đề {level}").click()
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def type_link(self, before, text, url):
        """Type `before`, then a link (Ctrl+K opens CKEditor's link balloon) whose words are `text`."""
        self.page.keyboard.type(before)
        self.page.keyboard.press("Control+k")
        self.page.get_by_label("Văn bản đã hiển thị").fill(text)
        self.page.get_by_label("Đường dẫn liên kết").fill(url)
        self.page.keyboard.press("Enter")
        expect(self.editable.get_by_role("link", name=text)).to_have_attribute("href", url)
        self.page.keyboard.press("End")
        self.page.keyboard.press("Enter")

    def upload_image(self, file, alt=None, caption=None):
        """Insert a photo with the toolbar's upload button; then, if given, describe it in its "Chữ alt" balloon
        (for readers who cannot see it) and write its caption under it."""
        with self.page.expect_file_chooser() as chooser:
            self.toolbar.get_by_role("button", name="Tải hình ảnh lên từ máy tính").click()
        chooser.value.set_files(file)
        # The upload is finished when the image points at the file the server stored.
        figure = self.editable.locator("figure.image").filter(has=self.page.locator("img[src*='/media/uploads/']")).last
        expect(figure).to_be_visible()
        image_toolbar = self.page.get_by_role("toolbar", name="Thanh công cụ hình ảnh")
        if alt:
            image_toolbar.get_by_role("button", name="Đổi chữ alt của ảnh").click()
            self.page.get_by_label("Chữ alt").fill(alt)
            self.page.keyboard.press("Enter")
            expect(figure.locator("img")).to_have_attribute("alt", alt)
        if caption:
            figure.locator("img").click()  # selects the image again, which shows its toolbar
            image_toolbar.get_by_role("button", name="Hiện chú thích").click()
            expect(figure.locator("figcaption")).to_be_focused()
            self.page.keyboard.type(caption)
        return figure


def follow_menu_link(page, name):
    """Click the main menu's link `name`, opening the menu first where it sits behind its button (phones)."""
    menu = page.get_by_role("navigation", name="Chuyên mục")
    button = menu.get_by_role("button", name="Danh mục")
    if button.is_visible():
        button.click()
    menu.get_by_role("link", name=name).click()


def menu_link(page, name):
    """The main menu's link `name`, shown or behind the closed menu button."""
    return page.locator("#main-menu a", has_text=name)
