// The dashboard's to-do list: ticking an action item done (or undoing it) updates the list in
// place instead of reloading the page. Without JavaScript the same forms post and come back.
(function () {
  "use strict";

  function replaceToDo(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("to-do");
    var current = document.getElementById("to-do");
    if (!fresh || !current) return false;
    current.replaceWith(fresh);
    var focus = fresh.querySelector("[data-undo] button") || fresh.querySelector("h2");
    if (focus) {
      if (focus.tagName === "H2") focus.setAttribute("tabindex", "-1");
      focus.focus();
    }
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-done-in-place], [data-undo]") || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || !response.redirected) throw new Error("not saved");
        return response.text();
      })
      .then(function (html) {
        if (!replaceToDo(html)) window.location.reload();
      })
      .catch(function () {
        form.submit(); // let the server answer the plain way, with its message
      });
  });
})();
