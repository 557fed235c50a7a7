// Niceties for the interview log. Every form works without them.
(function () {
  "use strict";

  // "Add another interviewer": copy the last row with its indices moved on by one.
  var rows = document.querySelector("[data-interviewer-rows]");
  var addButton = rows && rows.querySelector("[data-add-interviewer]");
  if (rows && addButton) {
    var note = rows.querySelector("[data-no-js-note]");
    if (note) note.hidden = true;
    // The server refuses more rows than data-max: stop offering them at the limit.
    var limit = parseInt(rows.getAttribute("data-max"), 10) || Infinity;
    var limitNote = rows.querySelector("[data-limit-note]");
    var showLimit = function () {
      var atLimit = rows.querySelectorAll("[data-interviewer-row]").length >= limit;
      addButton.hidden = atLimit;
      addButton.disabled = atLimit;
      if (limitNote) limitNote.hidden = !atLimit;
    };
    showLimit();
    addButton.addEventListener("click", function () {
      var all = rows.querySelectorAll("[data-interviewer-row]");
      if (all.length >= limit) return;
      var last = all[all.length - 1];
      var copy = last.cloneNode(true);
      var next = all.length;
      var rename = function (value) {
        return value.replace(/interviewers-\d+-/, "interviewers-" + next + "-");
      };
      copy.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach(function (el) {
        ["id", "name", "for", "aria-describedby"].forEach(function (attr) {
          if (el.hasAttribute(attr)) el.setAttribute(attr, rename(el.getAttribute(attr)));
        });
        if (el.matches("input")) {
          el.value = "";
          el.removeAttribute("aria-invalid");
        }
      });
      copy.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
      var legend = copy.querySelector("legend");
      if (legend) legend.textContent = "Interviewer " + (next + 1);
      last.after(copy);
      showLimit();
      var first = copy.querySelector("input");
      if (first) first.focus();
    });
  }

  // Quick entry of questions: Ctrl+Enter (or Cmd+Enter) saves and opens the next one.
  var quick = document.querySelector("[data-quick-entry]");
  if (quick) {
    var hint = quick.querySelector("[data-shortcut-hint]");
    if (hint) hint.hidden = false;
    // After "Save and add another", the cursor is back in the question box (only then: a page
    // opened from a link starts at the top, where the first Tab reaches the skip link).
    var NEXT_QUESTION = "debrief:next-question";
    // Storage may be refused (a private window): then the focus is simply not moved.
    var storage = function (use) {
      try { return use(window.sessionStorage); } catch (error) { return null; }
    };
    if (storage(function (store) { return store.getItem(NEXT_QUESTION); }) === location.pathname) {
      storage(function (store) { store.removeItem(NEXT_QUESTION); });
      var box = quick.querySelector("textarea[name='text']");
      if (box && !document.querySelector(".form-errors")) box.focus();
    }
    quick.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.name === "save_next") {
        storage(function (store) { store.setItem(NEXT_QUESTION, location.pathname); });
      }
    });
    quick.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        var next = quick.querySelector("[name='save_next']");
        if (next) quick.requestSubmit(next);
      }
    });
  }
})();
