/* The article's "copy link" button. No inline script, no third-party code: loaded with
   <script defer src>, it shows the button (hidden without JavaScript) and copies the
   article's address, saying so in the status line next to it. */
(function () {
  "use strict";

  function copyWithSelection(text) {
    // For pages served over plain HTTP, where navigator.clipboard does not exist.
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(field);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return copyWithSelection(text);
      });
    }
    return copyWithSelection(text);
  }

  document.querySelectorAll("button[data-copy-url]").forEach(function (button) {
    var status = button.parentNode.querySelector(".share-status");
    function say(message) {
      if (status) {
        status.textContent = message;
      }
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(button.getAttribute("data-copy-url")).then(
        function () { say(button.getAttribute("data-copied")); },
        function () { say(button.getAttribute("data-failed")); }
      );
    });
  });
})();
