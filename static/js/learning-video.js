// Click-to-load for lesson videos (courses/learning/video.py): the provider's player is put in
// the page only when the viewer asks for it, so until then the browser makes no request to the
// provider. Without JavaScript the holder stays hidden and the link to the video remains.
(function () {
  document.querySelectorAll("[data-video-player]").forEach(function (holder) {
    var button = holder.querySelector("[data-video-load]");
    if (!button) { return; }
    holder.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = holder.getAttribute("data-video-player");
      frame.title = holder.getAttribute("data-video-title");
      frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      holder.replaceChildren(frame);
      frame.focus();
    });
  });
})();
