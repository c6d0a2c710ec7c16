// Progressive enhancement only: the questionnaire works fully without this file.
(function () {
  "use strict";
  var form = document.querySelector(".assessment-form");
  if (!form) return;
  // Emergency screen: a "yes" shows, at once, that help is needed now.
  var hint = document.getElementById("emergency-hint");
  if (hint) {
    var update = function () {
      hint.hidden = !form.querySelector("input[type=radio][value=yes]:checked");
    };
    form.addEventListener("change", update);
    update();
  }
  // Move focus to the error summary so screen-reader users hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
