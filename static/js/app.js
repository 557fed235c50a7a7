// Small progressive enhancements shared by every page. Everything works without them.
(function () {
  "use strict";

  // Buttons with data-copy-target="id" copy that field's value.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var target = document.getElementById(button.dataset.copyTarget);
    if (!target) return;
    var text = "value" in target ? target.value : target.textContent;
    var done = function () {
      var original = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = original; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      if (target.select) target.select();
      document.execCommand("copy");
      done();
    }
  });

  // Read-only fields marked data-select-on-focus select their whole text.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) {
      event.target.select();
    }
  });

  // Forms with data-confirm="message" ask before submitting (the server still asks on its own).
  document.addEventListener("submit", function (event) {
    var message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // A form sent back with its errors: the focus goes to what needs attention, so that a
  // keyboard or screen reader user starts there instead of at the top of the page. First a
  // field the page names (data-focus-on-load: the login's email after a wrong password), else
  // the form's error summary, else its first invalid field. Pages without errors keep the
  // focus where the browser puts it: the first Tab reaches the skip link.
  var needsAttention = document.querySelector("[data-focus-on-load]")
    || document.querySelector(".form-errors[tabindex]")
    || document.querySelector("main [aria-invalid='true']");
  if (needsAttention) {
    needsAttention.focus();
  }
})();
