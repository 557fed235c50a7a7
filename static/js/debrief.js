// Debrief pages: small enhancements; every form works without them.
(function () {
  "use strict";

  var WEEK = 7 * 24 * 60 * 60 * 1000;

  // Next to an empty follow-up date, say which day it will get: a week after the day it was sent.
  function explainDefaultFollowUp(followUp) {
    var sent = document.getElementById(followUp.dataset.followUpFor);
    var help = document.getElementById(followUp.id + "-help");
    if (!sent || !help) return;
    var original = help.textContent;
    var update = function () {
      var day = sent.valueAsDate;
      help.textContent = day
        ? "Leave empty for " + new Date(day.getTime() + WEEK).toISOString().slice(0, 10) +
          ", a week after the day you sent it."
        : original;
    };
    sent.addEventListener("change", update);
    sent.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-follow-up-for]").forEach(explainDefaultFollowUp);
})();
