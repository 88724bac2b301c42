// Search, as an enhancement of the search page: without JavaScript the page
// lists every page instead. The index holds character bigrams (see
// sitegen/render/search.py), so 예산 finds 예산은 and 예산을.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var out = document.getElementById("search-results");
  if (!form || !out || !window.fetch) return;
  var PARTICLES = ["에서는", "으로는", "에게서", "까지", "부터", "에서", "으로", "에게", "한테",
    "처럼", "보다", "이나", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만"];
  var WORD = /[0-9A-Za-z\uac00-\ud7a3\u3131-\u318e]+/g;

  function stem(word) {
    for (var i = 0; i < PARTICLES.length; i++) {
      var p = PARTICLES[i];
      if (word.length - p.length >= 2 && word.slice(-p.length) === p) return word.slice(0, -p.length);
    }
    return word;
  }
  function grams(word) {
    var w = word.toLowerCase(), out = [];
    if (w.length < 2) return w ? [w] : [];
    for (var i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
    return out;
  }
  function search(index, query) {
    var words = (query.match(WORD) || []).map(stem);
    if (!words.length) return [];
    var hits = null;
    words.forEach(function (word) {
      var found = null;
      grams(word).forEach(function (g) {
        var docs = index.grams[g] || [];
        var set = {};
        docs.forEach(function (d) { if (!found || found[d]) set[d] = true; });
        found = set;
      });
      var next = {};
      Object.keys(found || {}).forEach(function (d) { if (!hits || hits[d]) next[d] = true; });
      hits = next;
    });
    return Object.keys(hits).map(Number).map(function (d) {
      var doc = index.docs[d], score = 0;
      words.forEach(function (w) { if (doc.t.indexOf(w) >= 0) score += 10; if (doc.s.indexOf(w) >= 0) score += 1; });
      return { doc: doc, score: score, order: d };
    }).sort(function (a, b) { return b.score - a.score || a.order - b.order; });
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function show(results, query) {
    out.textContent = "";
    var status = el("p", results.length
      ? out.dataset.found.replace("{count}", results.length).replace("{query}", query)
      : out.dataset.none.replace("{query}", query), "search-status");
    status.id = "search-status";
    out.appendChild(status);
    if (!results.length) return;
    var list = el("ol", "", "search-list");
    results.forEach(function (r) {
      var li = el("li"), a = el("a", r.doc.t);
      a.href = r.doc.u;
      li.appendChild(a);
      li.appendChild(el("p", r.doc.c, "search-context"));
      if (r.doc.s) li.appendChild(el("p", r.doc.s, "search-snippet"));
      list.appendChild(li);
    });
    out.appendChild(list);
  }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var input = form.querySelector("input[name=q]");
  if (input) input.value = query;
  if (!query.trim()) return;
  document.documentElement.classList.add("searching");
  fetch(form.dataset.index).then(function (r) { return r.json(); }).then(function (index) {
    show(search(index, query.trim()), query.trim());
  });
})();
