// The album's photo viewer: a <dialog> opened from a photo; arrows move, Esc closes, and focus
// goes back to the photo it was opened from. Without script the photos link to their large file.
(function () {
  var grid = document.querySelector("[data-gallery]");
  var viewer = document.querySelector("[data-viewer]");
  if (!grid || !viewer || !viewer.showModal) return;
  var links = Array.prototype.slice.call(grid.querySelectorAll(".album-open"));
  var image = viewer.querySelector("[data-viewer-image]");
  var caption = viewer.querySelector("[data-viewer-caption]");
  var count = viewer.querySelector("[data-viewer-count]");
  var current = 0;
  var opener = null;
  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var img = link.querySelector("img");
    image.src = link.href;
    if (link.dataset.srcset) { image.srcset = link.dataset.srcset; image.sizes = "100vw"; }
    image.alt = img ? img.alt : "";
    var figcaption = link.closest("figure").querySelector("figcaption");
    caption.textContent = figcaption ? figcaption.textContent.trim() : "";
    count.textContent = (current + 1) + " / " + links.length;
  }
  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      opener = link;
      show(index);
      viewer.showModal();
      viewer.querySelector("[data-viewer-next]").focus();
    });
  });
  viewer.querySelector("[data-viewer-prev]").addEventListener("click", function () { show(current - 1); });
  viewer.querySelector("[data-viewer-next]").addEventListener("click", function () { show(current + 1); });
  viewer.querySelector("[data-viewer-close]").addEventListener("click", function () { viewer.close(); });
  viewer.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") { event.preventDefault(); show(current + 1); }
    if (event.key === "ArrowLeft") { event.preventDefault(); show(current - 1); }
  });
  viewer.addEventListener("close", function () { if (opener) links[current].focus(); });
})();
