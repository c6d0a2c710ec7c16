// Hold and walk timers: progressive enhancement; without JavaScript the dose is shown in words.
(function () {
  "use strict";
  function format(total) {
    var m = Math.floor(total / 60), s = total % 60;
    return m ? m + " min " + (s < 10 ? "0" : "") + s + " s" : s + " seconds";
  }
  document.querySelectorAll(".timer").forEach(function (box) {
    var seconds = parseInt(box.getAttribute("data-seconds"), 10);
    var button = box.querySelector(".timer-button");
    var display = box.querySelector(".timer-display");
    if (!seconds || !button) return;
    var label = button.textContent, handle = null;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (handle) { clearInterval(handle); handle = null; button.textContent = label; display.textContent = "Stopped."; return; }
      var left = seconds;
      display.textContent = format(left) + " left";
      button.textContent = "Stop";
      handle = setInterval(function () {
        left -= 1;
        // Announce less often so screen readers are not flooded.
        if (left <= 0) { clearInterval(handle); handle = null; button.textContent = label; display.textContent = "Done. Well done!"; }
        else if (left <= 5 || left % 10 === 0) { display.textContent = format(left) + " left"; }
      }, 1000);
    });
  });
})();
