// Search, as an enhancement of the search page: without JavaScript the form
// still sends the query here and the page lists every page instead.
// The index (sitegen/outputs/web/search.py) holds each page's title, headings
// and text, and the character bigrams of its words, so 예산 finds 예산은 and
// 홍보예산; a word is matched with the spaces taken out, so 주민참여예산 finds
// 주민 참여 예산.
// Pages are ranked by where and how often the words occur (BM25, title and
// headings above body); a word that is found nowhere is looked for again
// one edit away, compared by jamo, so that 유튜부 finds 유튜브.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var out = document.getElementById("search-results");
  if (!form || !out || !window.fetch || !window.history || !"".normalize) return;
  var PARTICLES = ["에서는", "으로는", "에게서", "까지", "부터", "에서", "으로", "에게", "한테",
    "처럼", "보다", "이나", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만"];
  var WORD = /[0-9A-Za-z\uac00-\ud7a3\u3131-\u318e]+/g;
  var WEIGHT = { t: 5, h: 2, x: 1 };  // a word in the title counts five times one in the text
  var K1 = 1.2, B = 0.75, LISTING = 0.5, AROUND = 40, SNIPPET = 150;
  var index = null, vocabulary = null;

  function norm(s) { return s.normalize("NFC").toLowerCase(); }
  function compact(s) { return s.replace(/\s+/g, ""); }
  function stem(word) {
    for (var i = 0; i < PARTICLES.length; i++) {
      var p = PARTICLES[i];
      if (word.length - p.length >= 2 && word.slice(-p.length) === p) return word.slice(0, -p.length);
    }
    return word;
  }
  function grams(word) {
    if (word.length < 2) return word ? [word] : [];
    var found = [];
    for (var i = 0; i + 1 < word.length; i++) found.push(word.slice(i, i + 2));
    return found;
  }
  // A syllable as its jamo (initial, vowel, final): 유튜부 and 유튜브 differ by one vowel.
  function jamo(s) {
    var found = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i) - 0xac00;
      if (c < 0 || c > 11171) { found += s[i]; continue; }
      found += String.fromCharCode(0x1100 + Math.floor(c / 588), 0x1161 + Math.floor((c % 588) / 28));
      if (c % 28) found += String.fromCharCode(0x11a7 + (c % 28));
    }
    return found;
  }
  function oneEdit(a, b) {  // Levenshtein distance at most one
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function prepare(data) {
    data.docs.forEach(function (d) {
      d.fields = { t: norm(d.t), h: norm(d.h || ""), x: norm(d.x || "") };
      d.flat = { t: compact(d.fields.t), h: compact(d.fields.h), x: compact(d.fields.x) };
      d.size = d.flat.t.length + d.flat.h.length + d.flat.x.length;
    });
    data.average = data.docs.reduce(function (n, d) { return n + d.size; }, 0) / (data.docs.length || 1);
    return data;
  }
  function count(text, term) {
    var n = 0, at = text.indexOf(term);
    while (at >= 0) { n++; at = text.indexOf(term, at + term.length); }
    return n;
  }
  // The pages that hold term, spaces aside: those with every bigram of it, checked; or,
  // when a bigram is on no page (the query joins words a page spaces), every page's text.
  function holding(term) {
    var docs = null, all = true;
    grams(term).forEach(function (g) {
      var next = {}, posting = index.grams[g];
      if (!posting) { all = false; return; }
      posting.forEach(function (d) { if (!docs || docs[d]) next[d] = true; });
      docs = next;
    });
    var candidates = all && docs ? Object.keys(docs).map(Number) : index.docs.map(function (_, d) { return d; });
    return candidates.filter(function (d) {
      var f = index.docs[d].flat;
      return f.t.indexOf(term) >= 0 || f.h.indexOf(term) >= 0 || f.x.indexOf(term) >= 0;
    });
  }
  // Stretches of the site's words one jamo edit from term (anywhere in a word: 와이파히 is a
  // slip for the 와이파이 of 공공와이파이). A slip leaves the first or the last syllable as it was.
  function nearby(term) {
    if (term.length < 2 || (/[^\uac00-\ud7a3]/.test(term) && term.length < 4)) return [];
    if (!vocabulary) {
      var seen = {};
      index.docs.forEach(function (d) {
        [d.fields.t, d.fields.h, d.fields.x].forEach(function (text) {
          (text.match(WORD) || []).forEach(function (w) { seen[w] = true; });
        });
      });
      vocabulary = Object.keys(seen);
    }
    var want = jamo(term), found = {}, head = term[0], tail = term[term.length - 1];
    vocabulary.forEach(function (w) {
      for (var i = 0; i < w.length; i++) {
        for (var n = Math.max(2, term.length - 1); n <= term.length + 1 && i + n <= w.length; n++) {
          var part = w.slice(i, i + n);
          if (part !== term && !found[part] && (part[0] === head || part[n - 1] === tail) && oneEdit(want, jamo(part))) {
            found[part] = true;
          }
        }
      }
    });
    return Object.keys(found);
  }

  function search(query) {
    var words = (norm(query).match(WORD) || []).map(stem);
    var seen = {};
    words = words.filter(function (w) { return !seen[w] && (seen[w] = true); });
    if (!words.length) return { words: [], results: [] };
    var total = index.docs.length, hits = {}, marks = [];
    words.forEach(function (word) {
      var terms = [word], docs = holding(word);
      if (!docs.length) {
        terms = nearby(word);
        var union = {};
        terms.forEach(function (t) { holding(t).forEach(function (d) { union[d] = true; }); });
        docs = Object.keys(union).map(Number);
      }
      marks = marks.concat(terms);
      var idf = Math.log(1 + (total - docs.length + 0.5) / (docs.length + 0.5));
      docs.forEach(function (d) {
        var doc = index.docs[d], tf = 0;
        terms.forEach(function (t) {
          tf += WEIGHT.t * count(doc.flat.t, t) + WEIGHT.h * count(doc.flat.h, t) + WEIGHT.x * count(doc.flat.x, t);
        });
        var hit = hits[d] || (hits[d] = { doc: doc, order: d, words: 0, score: 0 });
        hit.words += 1;
        hit.score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc.size / index.average));
      });
    });
    var phrase = compact(words.join(""));
    var results = Object.keys(hits).map(function (d) { return hits[d]; });
    results.forEach(function (r) {
      // the words side by side, as typed or with the spaces moved
      if (words.length > 1 && (r.doc.flat.t + " " + r.doc.flat.h + " " + r.doc.flat.x).indexOf(phrase) >= 0) r.score *= 1.5;
      if (r.doc.l) r.score *= LISTING;  // a page that lists others: below the page about the thing
    });
    results.sort(function (a, b) { return b.words - a.words || b.score - a.score || a.order - b.order; });
    return { words: marks, results: results };
  }

  // The text around the first match, with every match marked.
  function pattern(terms) {
    var parts = terms.slice().sort(function (a, b) { return b.length - a.length; }).map(function (t) {
      return t.split("").map(function (c) { return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("\\s*");
    });
    return parts.length ? new RegExp(parts.join("|"), "gi") : null;
  }
  function snippet(doc, re) {
    var text = doc.x || "", start = 0;
    if (re) {
      re.lastIndex = 0;
      var m = re.exec(text);
      if (m) start = Math.max(0, m.index - AROUND);
    }
    if (start > 0) {
      var space = text.indexOf(" ", start);
      if (space >= 0 && space < start + 15) start = space + 1;
    }
    var piece = text.slice(start, start + SNIPPET);
    return (start > 0 ? "…" : "") + piece + (start + SNIPPET < text.length ? "…" : "");
  }
  function marked(parent, text, re) {
    var last = 0, m;
    if (re) {
      re.lastIndex = 0;
      while ((m = re.exec(text)) && m[0]) {
        parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        parent.appendChild(el("mark", m[0]));
        last = m.index + m[0].length;
      }
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function show(query) {
    var found = search(query), re = pattern(found.words);
    out.textContent = "";
    var status = el("h2", (found.results.length ? out.dataset.found : out.dataset.none)
      .replace("{count}", found.results.length).replace("{query}", query), "search-status");
    status.id = "search-status";
    status.tabIndex = -1;
    out.appendChild(status);
    if (found.results.length) {
      var list = el("ol", "", "search-list");
      found.results.forEach(function (r) {
        var li = el("li"), a = marked(el("a", "", ""), r.doc.t, re);
        a.href = r.doc.u;
        li.appendChild(a);
        li.appendChild(el("p", r.doc.c, "search-context"));
        li.appendChild(marked(el("p", "", "search-snippet"), snippet(r.doc, re), re));
        list.appendChild(li);
      });
      out.appendChild(list);
    }
    document.documentElement.classList.add("searching");
    return status;
  }
  function run(query, focus) {
    query = query.trim();
    if (!query) return;
    var go = function () {
      var heading = show(query);
      if (focus) heading.focus();
    };
    if (index) return go();
    fetch(form.dataset.index).then(function (r) { return r.json(); }).then(function (data) {
      index = prepare(data);
      go();
    });
  }

  var input = form.querySelector("input[name=q]");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    if (!query.trim()) return;
    history.pushState({ q: query }, "", "?q=" + encodeURIComponent(query));
    run(query, true);
  });
  window.addEventListener("popstate", function () {
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    if (query.trim()) run(query, true);
    else { out.textContent = ""; document.documentElement.classList.remove("searching"); }
  });
  var query = new URLSearchParams(window.location.search).get("q") || "";
  if (input) input.value = query;
  // arriving from another page's search box: the results, and focus on their heading
  run(query, true);
})();
