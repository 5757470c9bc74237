/* The ward search of the report form: what the citizen types (accents optional) lists the
   matching wards, best first, as buttons to tap; only a tap (or Enter on an exact match)
   chooses one, and the choice is said under the ward select. Nothing is picked silently.
   The ranking rule and the folded keys come from the server (reports/ward_search.py):
   this script only looks the query up in them. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var box = document.getElementById("ward-search-box");
  var data = document.getElementById("ward-centres");
  if (!form || !box || !data) return;
  var search = document.getElementById("ward-search");
  var list = document.getElementById("ward-matches");
  var chosen = document.getElementById("ward-chosen");
  var select = form.querySelector("select[name=ward]");
  if (!select) return;
  var wards = JSON.parse(data.textContent);
  var MAX_SHOWN = 6;
  var matches = [];

  box.hidden = false;

  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/\s+/g, " ").trim();
  }

  // 0: exact, 1: whole words, 2: part of the name, -1: no match (reports/ward_search.py).
  function rank(ward, query) {
    if (ward.exact.indexOf(query) !== -1) return 0;
    if (ward.words.indexOf(query) !== -1) return 1;
    return ward.text.indexOf(query) !== -1 ? 2 : -1;
  }

  function find(query) {
    return wards
      .map(function (ward, order) { return { ward: ward, rank: rank(ward, query), order: order }; })
      .filter(function (match) { return match.rank !== -1; })
      .sort(function (a, b) { return a.rank - b.rank || a.order - b.order; })
      .slice(0, MAX_SHOWN);
  }

  function showChoice() {
    var option = select.options[select.selectedIndex];
    chosen.hidden = !select.value;
    chosen.textContent = "";
    if (!select.value) return;
    chosen.appendChild(document.createTextNode(form.dataset.msgWardChosen + " "));
    var name = document.createElement("strong");
    name.textContent = option.text;
    chosen.appendChild(name);
  }

  function choose(ward) {
    select.value = String(ward.pk);
    select.dispatchEvent(new Event("change", { bubbles: true }));
    list.hidden = true;
    list.textContent = "";
    matches = [];
    search.value = "";
    showChoice();
  }

  function render() {
    var query = fold(search.value);
    list.textContent = "";
    matches = query ? find(query) : [];
    list.hidden = !query;
    if (!query) return;
    if (!matches.length) {
      var none = document.createElement("li");
      none.className = "ward-matches__none";
      none.textContent = form.dataset.msgWardNone;
      list.appendChild(none);
      return;
    }
    matches.forEach(function (match) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ward-match";
      button.textContent = match.ward.name;
      button.addEventListener("click", function () { choose(match.ward); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  search.addEventListener("input", render);
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();  // never send the form from here
    if (matches.length && matches[0].rank === 0) choose(matches[0].ward);
  });
  select.addEventListener("change", showChoice);
  showChoice();
})();
