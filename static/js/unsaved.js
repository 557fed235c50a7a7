// Leaving a page with unsaved typing asks first. Every form works without this.
//
// Each form that posts is compared with what it held when the page loaded; rows added later by
// other scripts (a fourth interviewer) are read when leaving, and blank ones count as nothing.
// A form re-shown with errors holds typing that was not saved, so leaving it asks too.
// Forms that only filter or search (method get) are not watched; a form that posts but holds
// nothing worth keeping opts out with data-unsaved-ignore. Button-only forms need nothing: a
// button holds no value, so such a form never differs from how it loaded.
(function () {
  "use strict";

  var NOT_SAVED = "\u0000not saved";

  var watched = Array.prototype.filter.call(document.forms, function (form) {
    return (form.getAttribute("method") || "").toLowerCase() === "post" &&
      !form.hasAttribute("data-unsaved-ignore");
  });
  if (!watched.length) return;

  // The non-blank values a form would send, in order, as one string.
  function serialise(form) {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && value !== "") {
        parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
      }
    });
    return parts.join("&");
  }

  var loaded = new Map();
  var anyShownWithErrors = false;
  watched.forEach(function (form) {
    var hasErrors = form.querySelector(".form-errors, [aria-invalid='true']") !== null;
    anyShownWithErrors = anyShownWithErrors || hasErrors;
    loaded.set(form, hasErrors ? NOT_SAVED : serialise(form));
  });

  var submitting = false;

  function hasUnsavedTyping() {
    return watched.some(function (form) {
      return form.isConnected && serialise(form) !== loaded.get(form);
    });
  }

  function askBeforeLeaving(event) {
    if (submitting || !hasUnsavedTyping()) return;
    event.preventDefault();
    // Older browsers show the dialog only when returnValue is set (its text is not shown).
    event.returnValue = "";
  }

  // The listener is added only once there is something to lose: a page without one can be
  // kept in the back-forward cache.
  var listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    window.addEventListener("beforeunload", askBeforeLeaving);
  }
  if (anyShownWithErrors) listen();

  function watchEdits(event) {
    if (event.target.form && loaded.has(event.target.form)) listen();
  }
  document.addEventListener("input", watchEdits);
  document.addEventListener("change", watchEdits);

  // Submitting saves (or shows the form again with its errors): no question then. Listening on
  // window, after the document's listeners, sees a submit that app.js's confirmation cancelled.
  window.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) submitting = true;
  });
  // A page restored from the back-forward cache is being looked at again.
  window.addEventListener("pageshow", function () { submitting = false; });
})();
