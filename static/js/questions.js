/* Hỏi đáp: the question form waits for its anti-spam check (challenge/widget.html) to be solved
   before the browser posts it, starting the check if the reader has not focused the form yet. */
(function () {
  "use strict";

  function solved(widget) {
    if (widget.getState() === "verified") {
      return Promise.resolve(true);
    }
    return new Promise(function (resolve) {
      widget.addEventListener("statechange", function changed(event) {
        var now = event.detail && event.detail.state;
        if (now === "verified" || now === "error" || now === "expired") {
          widget.removeEventListener("statechange", changed);
          resolve(now === "verified");
        }
      });
      if (widget.getState() !== "verifying" && typeof widget.verify === "function") {
        widget.verify();
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-question-form]"), function (form) {
    form.addEventListener("submit", function (event) {
      var widget = form.querySelector("altcha-widget");
      if (!widget || typeof widget.getState !== "function" || widget.getState() === "verified") {
        return;
      }
      event.preventDefault();
      var submitter = event.submitter;
      solved(widget).then(function (ok) {
        if (ok) {
          form.requestSubmit(submitter);
        }
      });
    });
  });
})();
