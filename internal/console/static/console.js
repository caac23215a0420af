// Rampart console: small conveniences on top of pages that work without script.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    // A copy button copies the value of the field it names.
    var copy = e.target.closest("button[data-copy]");
    if (copy) {
      var field = document.getElementById(copy.dataset.copy);
      if (field && navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(function () { copy.textContent = "Copied"; }, function () {});
      } else if (field) {
        field.select();
      }
    }
  });
  document.addEventListener("change", function (e) {
    // "Select all" ticks every row of its table.
    if (e.target.matches("input[data-select-all]")) {
      var table = e.target.closest("table");
      table.querySelectorAll("input[name=" + e.target.dataset.selectAll + "]").forEach(function (box) {
        box.checked = e.target.checked;
      });
    }
  });
})();
