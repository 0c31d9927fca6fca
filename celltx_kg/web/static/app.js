// Suggestions as you type, for the search box and for entity parameters of the query forms.
(function () {
  "use strict";
  var lang = document.body.getAttribute("data-lang") || "en";
  function attach(input) {
    var box = document.createElement("ul");
    box.className = "suggestions";
    box.setAttribute("role", "listbox");
    box.hidden = true;
    input.parentNode.insertBefore(box, input.nextSibling);
    var timer = null, serial = 0;
    var isSearch = input.id === "search";
    function close() { box.hidden = true; box.innerHTML = ""; }
    function choose(hit) {
      if (isSearch) { window.location.href = hit.href; return; }
      input.value = (lang === "zh" && hit.zh) ? hit.zh : (hit.en || hit.matched);
      close();
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++serial;
        var url = "/api/suggest?q=" + encodeURIComponent(text);
        if (input.dataset.query) {
          url += "&query=" + encodeURIComponent(input.dataset.query) + "&param=" + encodeURIComponent(input.dataset.param);
        }
        fetch(url).then(function (r) { return r.json(); }).then(function (hits) {
          if (mine !== serial) { return; }
          box.innerHTML = "";
          hits.forEach(function (hit) {
            var li = document.createElement("li");
            li.setAttribute("role", "option");
            var main = (lang === "zh" && hit.zh) ? hit.zh : hit.en;
            var a = document.createElement("a");
            a.href = hit.href;
            a.textContent = main;
            li.appendChild(a);
            if (hit.matched && hit.matched !== main) {
              var small = document.createElement("small");
              small.textContent = " " + hit.matched;
              li.appendChild(small);
            }
            a.addEventListener("click", function (event) { event.preventDefault(); choose(hit); });
            box.appendChild(li);
          });
          box.hidden = hits.length === 0;
        }).catch(function () { close(); });
      }, 120);
    });
    input.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
    document.addEventListener("click", function (event) { if (event.target !== input && !box.contains(event.target)) { close(); } });
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), attach);
})();
