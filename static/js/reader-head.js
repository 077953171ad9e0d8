/* Loaded in <head>, before the page is painted: the text size the reader chose on an earlier
   page (reader.js keeps it), so the article does not jump from one size to another. */
(function () {
  "use strict";
  try {
    var size = window.localStorage.getItem("portal-text-size");
    if (size && /^-?[0-9]$/.test(size) && size !== "0") {
      document.documentElement.setAttribute("data-text-size", size);
    }
  } catch (error) {
    /* Storage refused (private mode, policy): the default size. */
  }
})();
