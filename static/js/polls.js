/* Reader polls: vote from the sidebar box without reloading the page.
   Progressive enhancement only: without this file (or without fetch) the form posts as usual
   and the server answers with the results page. No inline script or style, for a strict CSP. */
(function () {
  "use strict";

  if (!window.fetch || !window.FormData || !document.querySelectorAll || window.portalPolls) {
    return; // unsupported, or already loaded (the poll's page and its sidebar box both load it)
  }
  window.portalPolls = true;

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

  /* The poll's anti-spam check (an ALTCHA widget, challenge/widget.html), solved before the
     ballot goes: resolves true when there is none or once it is solved. */
  function solved(form) {
    var widget = form.querySelector("altcha-widget");
    if (!widget || typeof widget.getState !== "function") {
      return Promise.resolve(true);
    }
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
      // Focusing the form started it already, or is about to; else (Enter pressed at once) start it here.
      setTimeout(function () {
        if (widget.getState() === "unverified") {
          widget.verify();
        }
      }, 50);
    });
  }

  /* A ballot needs the browser's voter token first: the challenge's address gives it, so that
     ballots sent at once by a new browser carry the same one and count once. */
  function withToken(form) {
    if (form.querySelector("altcha-widget") || !form.hasAttribute("data-token-url")) {
      return Promise.resolve();
    }
    return fetch(form.getAttribute("data-token-url"), { credentials: "same-origin" });
  }

  function resetChallenge(form) {
    var widget = form.querySelector("altcha-widget");
    if (widget && typeof widget.reset === "function") {
      widget.reset();
    }
  }

  /* An unsolved check makes the form invalid to the browser, which would then not even send the
     submit event: the check is awaited here instead, and the server checks the answers. */
  function noBrowserValidation(form) {
    if (form.querySelector("altcha-widget")) {
      form.noValidate = true;
    }
  }

  function enhance(form) {
    noBrowserValidation(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      // Disabling the focused button drops the focus to the page; it is given back if the vote fails.
      var buttonHadFocus = button && document.activeElement === button;
      if (button) {
        button.disabled = true;
      }
      showStatus(form, "");
      solved(form)
        .then(function () {
          return withToken(form);
        })
        .then(function () {
          return fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            credentials: "same-origin",
            headers: { Accept: "application/json" }
          });
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
          resetChallenge(form); // a refused ballot spent its check: the next try gets a new one
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

  /* A form posted by the browser itself (the poll's page): it waits for its check to be solved. */
  function waitForChallenge(form) {
    noBrowserValidation(form);
    form.addEventListener("submit", function (event) {
      var widget = form.querySelector("altcha-widget");
      if (!widget || typeof widget.getState !== "function" || widget.getState() === "verified") {
        return;
      }
      event.preventDefault();
      var submitter = event.submitter;
      solved(form).then(function (ok) {
        if (ok) {
          form.requestSubmit(submitter);
        }
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-poll-form]"), enhance);
  Array.prototype.forEach.call(document.querySelectorAll("form.poll-form:not([data-poll-form])"), waitForChallenge);
})();
