// The organization picker (web/widgets/org_picker.html): htmx lists the organizations matching what
// is typed; choosing one (click, Enter or Space) puts its code in the field, or, in a field of
// several codes, in place of the part being typed. Arrow down moves from the field into the list,
// Escape closes it. Loaded once however many pickers a page has.
(function () {
  if (window.partyorgPicker) return;
  window.partyorgPicker = true;

  function close(picker) {
    picker.querySelector(".org-picks").innerHTML = "";
  }

  function pick(button) {
    var picker = button.closest(".org-picker");
    var input = picker.querySelector("input");
    var code = button.dataset.code;
    if (picker.dataset.many) {
      var parts = input.value.split(/[,;]/).map(function (s) { return s.trim(); });
      parts[parts.length - 1] = code;
      input.value = parts.filter(Boolean).join(", ");
    } else {
      input.value = code;
    }
    close(picker);
    input.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".org-picks button[data-code]");
    if (button) pick(button);
  });

  document.addEventListener("keydown", function (event) {
    var picker = event.target.closest && event.target.closest(".org-picker");
    if (!picker) return;
    var buttons = Array.prototype.slice.call(picker.querySelectorAll(".org-picks button"));
    var at = buttons.indexOf(event.target);
    if (event.key === "Escape") {
      close(picker);
      picker.querySelector("input").focus();
    } else if (event.key === "ArrowDown" && buttons.length) {
      event.preventDefault();
      buttons[Math.min(at + 1, buttons.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? picker.querySelector("input") : buttons[at - 1]).focus();
    }
  });
})();
