// The rehearsal with the keyboard: Space shows the answer in place, 1 to 4 grade it (Again,
// Hard, Good, Easy). Without JavaScript the same page works by its link and its four buttons.
(function () {
  "use strict";

  function start() {
    var card = document.querySelector("[data-rehearsal-card]");
    if (!card) return;
    var answer = card.querySelector("[data-answer]");
    var reveal = card.querySelector("[data-reveal]");
    var form = card.querySelector("form[data-grade]");
    var sent = false;

    card.querySelectorAll("[data-key-hint]").forEach(function (hint) {
      hint.hidden = false;
    });

    function show() {
      if (!answer.hidden) return false;
      answer.hidden = false;
      if (reveal) reveal.closest("p").hidden = true;
      var heading = answer.querySelector("h3");
      if (heading) heading.focus();
      return true;
    }

    if (reveal) {
      reveal.addEventListener("click", function (event) {
        event.preventDefault();
        show();
      });
    }

    form.addEventListener("submit", function (event) {
      // One grade per showing: a second press while the first is on its way sends nothing.
      if (sent) {
        event.preventDefault();
        return;
      }
      sent = true;
    });

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      var target = event.target;
      if (target.closest && target.closest("input, textarea, select, [contenteditable], summary")) return;
      // Another button or link has the focus: Space and Enter are its own.
      if (target !== reveal && target.closest && target.closest("a, button") &&
          !target.closest("[data-rehearsal-card]")) return;
      if (event.key === " " && answer.hidden) {
        event.preventDefault();
        show();
        return;
      }
      if (/^[1-4]$/.test(event.key) && !answer.hidden && !sent) {
        var button = form.querySelector('button[name="rating"][value="' + event.key + '"]');
        if (!button) return;
        event.preventDefault();
        if (form.requestSubmit) {
          form.requestSubmit(button);
        } else {
          button.click();
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
