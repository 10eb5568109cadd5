/* Site search: a dialog (overrides/partials/search.html) over Pagefind's index, which
   generator/search.py writes into _pagefind/ after each build.

   Nothing of the search loads with the page but this file. Opening the dialog fetches its
   stylesheet and Pagefind's script; Pagefind then fetches its WebAssembly, and for each query
   only the index chunks for the words typed and one fragment per result shown.

   Content is untrusted text. Titles, headings and excerpts reach the page only as text nodes,
   with the matched words wrapped in <mark> elements made here: nothing from the index is ever
   parsed as HTML (Pagefind's own excerpts are HTML, and not exactly the typed text). */
(function () {
  "use strict";
  var dialog = document.getElementById("xp-search");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var input = dialog.querySelector(".xp-search__input");
  var status = dialog.querySelector(".xp-search__status");
  var list = dialog.querySelector(".xp-search__results");
  var more = dialog.querySelector(".xp-search__more");
  var base = (dialog.getAttribute("data-xp-root") || ".").replace(/\/*$/, "/");
  var root = new URL(base, document.baseURI);
  var PAGES = 6;      // results shown at once (each fetches one fragment; a phone shows two or three)
  var SECTIONS = 3;   // matching sections shown under a page
  var WORDS = 24;     // words in an excerpt
  var engine = null, failures = 0, styled = null, search = null, shown = 0, generation = 0;
  var busy = false, waiting = null;  // one search at a time; of the queries typed meanwhile, only the last runs

  function stylesheet() {
    if (!styled) {
      styled = new Promise(function (resolve) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = new URL("assets/search.css", root).href;
        link.onload = link.onerror = function () { resolve(); };
        document.head.appendChild(link);
      });
    }
    return styled;
  }

  function pagefind() {
    if (!engine) {
      // A failed import is remembered by the browser for its address: a retry asks for a new one.
      var address = new URL("_pagefind/pagefind.js" + (failures ? "?retry=" + failures : ""), root).href;
      engine = import(address).then(function (module) {
        return module.options({ excerptLength: WORDS }).then(function () {
          return module.init();
        }).then(function () { return module; });
      });
      engine.catch(function () { engine = null; failures++; });  // the next query tries again (mkdocs serve may still be indexing)
    }
    return engine;
  }

  function open() {
    stylesheet().then(function () {
      if (!dialog.open) dialog.showModal();
      input.focus();
      input.select();
      pagefind().catch(function () {});
    });
  }

  function say(text) { status.textContent = text; }

  function reset() {
    generation++;
    search = null;
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
  }

  function query() {
    var terms = input.value.trim();
    reset();
    if (!terms) { waiting = null; say(""); return; }
    say("Searching…");
    waiting = { terms: terms, generation: generation };
    if (!busy) next();
  }

  /* No delay after a keystroke: a query runs at once, unless one is running, and then only the
     latest query typed meanwhile runs after it. */
  function next() {
    if (!waiting) return;
    var terms = waiting.terms, mine = waiting.generation;
    waiting = null;
    busy = true;
    pagefind().then(function (module) {
      return mine === generation ? module.search(terms) : null;
    }).then(function (found) {
      if (found === null || mine !== generation) return;
      search = found;
      if (!found.results.length) { say("No story mentions “" + terms + "”."); return; }
      return showMore(mine);
    }).catch(function () {
      if (mine === generation) say("Search is not available right now: its index could not be loaded. Try again in a moment.");
    }).then(function () {
      busy = false;
      next();
    });
  }

  function showMore(mine) {
    var batch = search.results.slice(shown, shown + PAGES);
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (mine !== generation) return;
      pages.forEach(function (page) { list.appendChild(result(page)); });
      shown += pages.length;
      var total = search.results.length;
      say(total === 1 ? "1 story matches." : total + " stories match" + (shown < total ? ", " + shown + " shown." : "."));
      more.hidden = shown >= total;
    });
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The page's words as Pagefind numbers them: `locations` index into this list. */
  function words(page) {
    var raw = page.raw_content || "";
    if (raw.indexOf("\u200B") !== -1) {  // scripts Pagefind segments itself: it escaped < and > in these
      return { list: raw.split("\u200B").map(function (word) {
        return word.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      }), joiner: "" };
    }
    return { list: (page.content || "").split(/[\r\n\s]+/g), joiner: " " };
  }

  /* Where a section's text starts: after its heading's words. */
  function body(section) {
    var anchor = section && section.anchor;
    if (!anchor || typeof anchor.location !== "number") return 0;
    return anchor.location + String(anchor.text || "").split(/[\r\n\s]+/g).filter(Boolean).length;
  }

  /* An excerpt around the first matched word (not before `from`), as text, the matches in <mark>. */
  function excerpt(text, locations, from) {
    var node = element("span", "xp-search__excerpt");
    if (!locations.length) return node;
    var marked = {};
    locations.forEach(function (at) { marked[at] = true; });
    var first = Math.min.apply(null, locations);
    var start = Math.max(0, Math.min(first - 6, text.list.length - WORDS));
    if (start < from && from <= first) start = from;
    var end = Math.min(text.list.length, start + WORDS);
    var run = start > 0 ? "… " : "";
    for (var at = start; at < end; at++) {
      var word = text.list[at];
      if (marked[at]) {
        node.appendChild(document.createTextNode(run));
        node.appendChild(element("mark", "", word));
        run = "";
      } else {
        run += word;
      }
      if (at < end - 1) run += text.joiner;
    }
    node.appendChild(document.createTextNode(run + (end < text.list.length ? " …" : "")));
    return node;
  }

  /* The page once; under it, its best-matching sections in page order, each once. */
  function result(page) {
    var item = element("li", "xp-search__result");
    var title = (page.meta && page.meta.title) || page.url;
    var link = element("a", "xp-search__page", title);
    link.href = page.url;
    item.appendChild(link);
    var text = words(page);
    var seen = {};
    var sections = (page.sub_results || []).filter(function (section) {
      if (!section.locations || !section.locations.length || seen[section.url]) return false;
      seen[section.url] = true;
      return true;
    });
    sections.sort(function (a, b) { return b.locations.length - a.locations.length; });
    sections = sections.slice(0, SECTIONS).sort(function (a, b) { return a.locations[0] - b.locations[0]; });
    var own = sections.filter(function (section) { return section.title === title; });
    var headed = sections.filter(function (section) { return section.title !== title; });
    if (own.length || !headed.length) {
      item.appendChild(own.length ? excerpt(text, own[0].locations, body(own[0])) : excerpt(text, page.locations || [], 0));
    }
    if (headed.length) {
      var nested = element("ul", "xp-search__sections");
      headed.forEach(function (section) {
        var entry = element("li", "xp-search__section");
        var anchor = element("a", "", section.title);
        anchor.href = section.url;
        entry.appendChild(anchor);
        entry.appendChild(excerpt(text, section.locations, body(section)));
        nested.appendChild(entry);
      });
      item.appendChild(nested);
    }
    return item;
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-xp-search-open]")) open();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || dialog.open) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    open();
  });
  dialog.querySelector("[data-xp-search-close]").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close();  // the backdrop
    else if (event.target.closest("a")) dialog.close();  // a link on this very page scrolls to it
  });
  input.addEventListener("input", query);
  input.addEventListener("keydown", function (event) {
    var first = links()[0];
    if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
    if (event.key === "Enter" && first) { event.preventDefault(); first.click(); }
    if (event.key === "Escape") { event.preventDefault(); dialog.close(); }  // not just empty the field
  });
  list.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links(), at = all.indexOf(document.activeElement);
    if (at === -1) return;
    event.preventDefault();
    var next = at + (event.key === "ArrowDown" ? 1 : -1);
    (next < 0 ? input : all[Math.min(next, all.length - 1)]).focus();
  });
  more.addEventListener("click", function () {
    var mine = generation;
    if (search) showMore(mine).catch(function () {});
  });
})();
