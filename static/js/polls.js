/* Reader polls: vote from the sidebar box without reloading the page.
   Progressive enhancement only: without this file (or without fetch) the form posts as usual
   and the server answers with the results page. No inline script or style, for a strict CSP. */
(function () {
  "use strict";

  if (!window.fetch || !window.FormData || !document.querySelectorAll) {
    return;
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function showStatus(form, text) {
    var status = form.querySelector("[data-poll-status]");
    if (status) {
      status.textContent = text;
    }
  }

  function enhance(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      // Disabling the focused button drops the focus to the page; it is given back if the vote fails.
      var buttonHadFocus = button && document.activeElement === button;
      if (button) {
        button.disabled = true;
      }
      showStatus(form, "");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          var box = form.closest("[data-poll]");
          if (data.html && box) {
            var replacement = fragment(data.html);
            box.replaceWith(replacement);
            var message = replacement.querySelector("[role=status]");
            if (message) {
              message.focus();
            }
            return;
          }
          showStatus(form, data.message || "");
          if (button) {
            button.disabled = false;
            if (buttonHadFocus) {
              button.focus();
            }
          }
        })
        .catch(function () {
          // Anything unexpected (network, an error page): let the browser post the form itself.
          form.submit();
        });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-poll-form]"), enhance);
})();
