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
  // Move focus to the error summary so screen-reader users hear what to fix (autofocus
  // does this too; some browsers ignore it on a div).
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    // A link in the summary focuses the answer, with its whole question in view.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var input = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      var question = input.closest(".question") || input;
      question.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }
})();
