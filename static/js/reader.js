/* The reader's tools on every page: the date line, the menu button on narrow screens, and on
   articles the print button and the text size. Without JavaScript the date line stays hidden
   (a cached page must not show a stale day), the whole menu stays open and the tools hidden. */
(function () {
  "use strict";

  var WEEKDAYS = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
  var VIETNAM_OFFSET_MS = 7 * 3600 * 1000; // Asia/Ho_Chi_Minh: UTC+7 all year, no summer time
  var SIZES = { min: -1, max: 3 };
  var SIZE_KEY = "portal-text-size";

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function showDate() {
    var line = document.querySelector("[data-date-line]");
    if (!line) return;
    var now = new Date(Date.now() + VIETNAM_OFFSET_MS); // read with getUTC*: Vietnam's wall clock
    line.textContent =
      WEEKDAYS[now.getUTCDay()] + ", " + pad(now.getUTCDate()) + "/" + pad(now.getUTCMonth() + 1) + "/" + now.getUTCFullYear();
    line.hidden = false;
  }

  function setUpMenu() {
    var button = document.querySelector(".menu-toggle");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    document.documentElement.classList.add("has-menu-toggle");
    button.hidden = false;

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  function storedSize() {
    var size = parseInt(document.documentElement.getAttribute("data-text-size") || "0", 10);
    return isNaN(size) ? 0 : size;
  }

  function applySize(size) {
    size = Math.max(SIZES.min, Math.min(SIZES.max, size));
    if (size === 0) document.documentElement.removeAttribute("data-text-size");
    else document.documentElement.setAttribute("data-text-size", String(size));
    try {
      if (size === 0) window.localStorage.removeItem(SIZE_KEY);
      else window.localStorage.setItem(SIZE_KEY, String(size));
    } catch (error) {
      /* Not kept, but applied to this page. */
    }
    var buttons = document.querySelectorAll("[data-text-size-step]");
    for (var i = 0; i < buttons.length; i++) {
      var step = buttons[i].getAttribute("data-text-size-step");
      buttons[i].disabled = (step === "-1" && size <= SIZES.min) || (step === "1" && size >= SIZES.max);
      if (step === "0") buttons[i].setAttribute("aria-pressed", size === 0 ? "true" : "false");
    }
  }

  function setUpTools() {
    var tools = document.querySelector("[data-reading-tools]");
    if (!tools) return;
    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target) return;
      if (target.hasAttribute("data-print")) {
        window.print();
        return;
      }
      var step = target.getAttribute("data-text-size-step");
      if (step === null) return;
      applySize(step === "0" ? 0 : storedSize() + parseInt(step, 10));
    });
    applySize(storedSize());
  }

  function start() {
    showDate();
    setUpMenu();
    setUpTools();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
