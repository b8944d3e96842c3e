// guardline console: keeps an unsent note.
//
// What a moderator types into a text box marked data-draft="KEY" is kept in this tab's
// sessionStorage (never sent anywhere, gone when the tab closes). If the session expires
// before the form is sent, the login page brings the moderator back to the page, and the
// text comes back into the box, with a line saying so. A page rendered after the form was
// accepted marks the box data-draft-sent, which forgets the kept text.
(function () {
  "use strict";
  var PREFIX = "guardline-draft:";

  function keep(box) {
    if (box.dataset.draftReady) return;
    box.dataset.draftReady = "1";
    var key = PREFIX + box.dataset.draft;
    try {
      if (box.hasAttribute("data-draft-sent")) {
        sessionStorage.removeItem(key);
      } else if (!box.value) {
        var kept = sessionStorage.getItem(key);
        if (kept) {
          box.value = kept;
          var note = document.getElementById(box.id + "-restored");
          if (note) note.hidden = false;
        }
      }
      box.addEventListener("input", function () {
        if (box.value) sessionStorage.setItem(key, box.value);
        else sessionStorage.removeItem(key);
      });
    } catch (e) {
      // storage refused (private mode, quota): the box works as a plain text box
    }
  }

  function scan(root) {
    var boxes = root.querySelectorAll("textarea[data-draft]");
    for (var i = 0; i < boxes.length; i++) keep(boxes[i]);
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  // parts of pages swapped in by htmx
  document.addEventListener("htmx:load", function (e) { scan(e.target); });
})();
