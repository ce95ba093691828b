(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var selects = {
    docs: document.getElementById("filter-doc"),
    verdicts: document.getElementById("filter-verdict"),
    relations: document.getElementById("filter-relation")
  };
  var status = document.getElementById("filter-status");

  function tokens(element, name) {
    var value = element.getAttribute("data-" + name);
    return value === null ? null : value.split(" ").filter(Boolean);
  }

  function passes(element) {
    for (var name in selects) {
      var wanted = selects[name].value;
      var have = tokens(element, name);
      if (wanted && have !== null && have.indexOf(wanted) < 0) { return false; }
    }
    return true;
  }

  function apply() {
    var items = document.querySelectorAll("[data-filterable]");
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var ok = passes(items[i]);
      items[i].classList.toggle("is-filtered", !ok);
      if (ok) { shown += 1; }
    }
    var marks = document.querySelectorAll("mark.claim");
    for (var j = 0; j < marks.length; j++) {
      marks[j].classList.toggle("is-dimmed", !passes(marks[j]));
    }
    var folded = {"unreachable": "unreachable", "not_found": "not-found"};
    var fold = document.getElementById(folded[selects.verdicts.value] || "");
    if (fold) { fold.open = true; }
    var active = selects.docs.value || selects.verdicts.value || selects.relations.value;
    status.textContent = active
      ? "Showing " + shown + " of " + items.length + " items"
      : "Showing all " + items.length + " items";
  }

  for (var name in selects) { selects[name].addEventListener("change", apply); }
  window.addEventListener("beforeprint", function () {
    var details = document.querySelectorAll("details");
    for (var k = 0; k < details.length; k++) { details[k].open = true; }
  });
  document.getElementById("filter-reset").addEventListener("click", function () {
    for (var name in selects) { selects[name].value = ""; }
    apply();
  });
  apply();
})();
