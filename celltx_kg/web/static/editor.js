// The SPARQL editor: YASGUI (vendored) pointed at this server's /sparql, with the project's
// prefixes and the saved queries as examples. Autocompleters that call services on the internet
// are off, and nothing is kept in the browser's storage between visits.
(function () {
  "use strict";
  var wanted = decodeURIComponent(window.location.hash.slice(1));  // read before YASGUI reads the hash
  var examples = JSON.parse(document.getElementById("example-data").textContent);
  var prefixes = JSON.parse(document.getElementById("prefix-data").textContent);
  var prefixBlock = Object.keys(prefixes).map(function (p) {
    return "PREFIX " + p + ": <" + prefixes[p] + ">";
  }).join("\n");
  var start = prefixBlock + "\n\nSELECT ?entity ?label WHERE {\n  ?entity a celltx:ApprovedProduct ; rdfs:label ?label .\n" +
    "  FILTER(langMatches(lang(?label), \"en\"))\n} ORDER BY ?label";
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: window.location.origin + "/sparql", method: "POST" },
    endpointCatalogueOptions: { getData: function () { return []; } },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    yasqe: { value: start, autocompleters: ["variables"] },
  });
  var select = document.getElementById("examples");
  examples.forEach(function (q) {
    var option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.title + " (" + q.name + ")";
    select.appendChild(option);
  });
  function show(name) {
    var found = examples.filter(function (q) { return q.name === name; })[0];
    if (found) {
      yasgui.getTab().getYasqe().setValue(found.text);
      select.value = name;
    }
  }
  select.addEventListener("change", function () { show(select.value); });
  if (wanted) {
    show(wanted);
  } else {
    yasgui.getTab().getYasqe().setValue(start);
  }
  // Project IRIs in the results open this server's pages, not w3id.org.
  document.getElementById("yasgui").addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.iri") : null;
    var iri = link ? link.getAttribute("href") : "";
    var base = prefixes.celltx, ids = prefixes.celltxd;
    if (!iri || iri.indexOf(base) !== 0) { return; }
    event.preventDefault();
    window.location.href = iri.indexOf(ids) === 0 ? "/id/" + iri.slice(ids.length) : "/term/" + iri.slice(base.length);
  });
  window.celltxYasgui = yasgui;
})();
