/* Anti-spam checks (the challenge app): the self-hosted ALTCHA widget, in Vietnamese, with its
   proof of work in a same-origin worker (static/vendor/altcha), so a strict CSP allows it.
   Loaded after static/vendor/altcha/altcha.min.js; the worker's address comes from this tag. */
(function () {
  "use strict";

  var altcha = window.$altcha;
  var script = document.currentScript;
  if (!altcha || !script || !window.Worker) {
    return;
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-challenge-noscript]"), function (note) {
    note.hidden = true;
  });
  var worker = script.getAttribute("data-worker");
  altcha.algorithms.set("PBKDF2/SHA-256", function () {
    return new Worker(worker);
  });
  // No link to the widget's site: no outside address on the page, no tracking.
  altcha.i18n.set("vi", {
    ariaLinkLabel: "ALTCHA",
    error: "Không kiểm tra được. Vui lòng thử lại sau.",
    expired: "Lượt kiểm tra đã hết hạn. Vui lòng thử lại.",
    footer: "",
    label: "Kiểm tra chống gian lận",
    loading: "Đang tải...",
    reload: "Tải lại",
    verify: "Kiểm tra",
    verificationRequired: "Cần hoàn tất bước kiểm tra!",
    verified: "Đã kiểm tra xong",
    verifying: "Trình duyệt đang tính toán...",
    waitAlert: "Đang kiểm tra... vui lòng chờ.",
    cancel: "Hủy"
  });
})();
