// The member page: look up the figures the costing made for the member's choice and say them in words.
// Nothing here costs anything: every figure comes from the page's data (costing.report.member_data),
// money in integer cents so that sums are exact. No network, no library: plain DOM.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("member-data").textContent);
  var usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
  var pct = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var $ = function (id) { return document.getElementById(id); };
  var R = {}, P = {};
  DATA.rate_fields.forEach(function (f, i) { R[f] = i; });
  DATA.pay_fields.forEach(function (f, i) { P[f] = i; });

  function money(cents) { return usd.format(cents / 100); }
  function rate(value) {
    var whole = Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
    return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2,
      maximumFractionDigits: whole ? 2 : 4 }).format(value);
  }
  function signed(cents) { return (cents < 0 ? "−" : "+") + money(Math.abs(cents)); }
  function fy(year) { return "FY" + year; }
  function fyWords(year) { return "July " + (year - 1) + " to June " + year; }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }
  function fill(select, options, keep) {
    var before = keep !== undefined ? keep : select.value;
    select.textContent = "";
    options.forEach(function (o) { select.appendChild(el("option", { value: o[0], text: o[1] })); });
    if (options.some(function (o) { return o[0] === before; })) { select.value = before; }
    select.closest(".choice").hidden = options.length < 2 && select.dataset.hideSingle === "yes";
  }

  function schedule() { return DATA.schedules[$("schedule").value]; }

  function chooseUnit(keep) {
    var unit = DATA.units.filter(function (u) { return u.name === $("unit").value; })[0] || DATA.units[0];
    fill($("schedule"), unit.schedules.map(function (s) { return [s, DATA.schedules[s].label]; }), keep && keep.s);
    chooseSchedule(keep);
  }
  function chooseSchedule(keep) {
    var s = schedule();
    var lanes = [];
    s.cells.forEach(function (c) { if (lanes.indexOf(c[0]) < 0) { lanes.push(c[0]); } });
    fill($("lane"), lanes.map(function (l) { return [l, l]; }), keep && keep.l);
    chooseLane(keep);
    $("basis").textContent = s.basis;
  }
  function chooseLane(keep) {
    var s = schedule(), lane = $("lane").value;
    fill($("step"), s.cells.filter(function (c) { return c[0] === lane; })
      .map(function (c) { return [c[1], "Step " + c[1]]; }), keep && keep.t);
    show();
  }

  function lookup() {
    var s = schedule();
    var runs = s.index[$("lane").value + "|" + $("step").value][DATA.ftes.indexOf(Number($("fte").value))];
    var years = Number($("service").value), run = runs[0];
    runs.forEach(function (r) { if (r[0] <= years) { run = r; } });
    var ratePath = DATA.rate_paths[run[1]], payPath = DATA.pay_paths[run[2]];
    var n = DATA.years.length;
    return DATA.scenarios.map(function (sc, i) {
      return {
        scenario: sc,
        years: DATA.years.map(function (year, j) {
          var r = DATA.rate_records[ratePath[i * n + j]];
          var row = { year: year, lane: r[R.lane], step: r[R.step], rate: r[R.rate], annual: r[R.annual_rate],
            raise: r[R.raise], stepChange: r[R.step_change], hours: r[R.hours_change], change: r[R.annual_change],
            base: r[R.base] };
          if (j > 0) {
            var p = DATA.pay_records[payPath[i * (n - 1) + j - 1]];
            row.longevity = p[P.longevity];
            row.other = p[P.other_pay];
            row.pay = row.base + row.longevity + row.other;
          }
          return row;
        })
      };
    });
  }

  function sum(rows, key) { return rows.reduce(function (t, r) { return t + (r[key] || 0); }, 0); }

  function show() {
    var s = schedule(), found = lookup(), out = $("results");
    out.textContent = "";
    var status = found[0].years.slice(1);
    var statusTotal = sum(status, "pay");
    out.appendChild(glance(s, found, statusTotal));
    found.forEach(function (f, i) { out.appendChild(card(s, f, i === 0 ? null : status, statusTotal)); });
    remember();
  }

  function ends(rows) {
    return [rows[0].rate !== null ? rows[0] : rows[1], rows[rows.length - 1]];
  }

  function glance(s, found, statusTotal) {
    var list = el("ul", { "class": "glance-list" });
    found.forEach(function (f, i) {
      var rows = f.years, e = ends(rows), total = sum(rows.slice(1), "pay");
      var change = e[1].rate / e[0].rate * 100 - 100;
      var text = rate(e[1].rate) + " " + s.per + " by " + fy(e[1].year) + " (" + (change >= 0 ? "+" : "−") +
        pct.format(Math.abs(change)) + "%); paid " + money(total) + " over " + fy(rows[1].year) + "–" + fy(e[1].year) +
        (i ? " (" + difference(total - statusTotal) + " the status quo)" : "");
      list.appendChild(el("li", { "data-scenario": f.scenario.key }, [el("strong", { text: f.scenario.label + ": " }),
        document.createTextNode(text)]));
    });
    return el("section", { "class": "glance", "aria-label": "At a glance" }, [el("h2", { text: "At a glance" }), list]);
  }

  function card(s, found, status, statusTotal) {
    var sc = found.scenario, rows = found.years, costed = rows.slice(1);
    var first = ends(rows)[0], last = ends(rows)[1];
    var total = sum(costed, "pay");
    var change = last.rate / first.rate * 100 - 100;
    var box = el("section", { "class": "scenario" + (status ? "" : " status-quo"), "data-scenario": sc.key,
      "aria-label": sc.label });
    box.appendChild(el("h3", { text: sc.label }));
    if (!status) {
      box.appendChild(el("p", { "class": "about", text: "No new agreement: today's schedule stays as it is; steps and " +
        "longevity continue as the current contract says." }));
    }
    var words = "Your rate goes from " + rate(first.rate) + " " + s.per + " in " + fy(first.year) + " (" +
      first.lane + " step " + first.step + ") to " + rate(last.rate) + " in " + fy(last.year) + " (" + last.lane +
      " step " + last.step + "): " + (change >= 0 ? "up " : "down ") + pct.format(Math.abs(change)) + "%.";
    box.appendChild(el("p", { "class": "headline", "data-field": "rate-words", text: words }));
    box.appendChild(el("p", { "data-field": "parts-words", text: partsWords(costed) }));
    var paid = "Over " + fy(costed[0].year) + "–" + fy(last.year) + " you would be paid " + money(total) + " in all" +
      (status ? ", " + difference(total - statusTotal) + " the status quo." : ".");
    box.appendChild(el("p", { "data-field": "term-words", text: paid }));
    var quoted = s.quoted && s.quoted[sc.key];
    if (quoted) { box.appendChild(quotedWords(quoted, change)); }
    box.appendChild(yearsTable(s, rows, status));
    return box;
  }

  function partsWords(costed) {
    var change = sum(costed, "change");
    var parts = [[sum(costed, "raise"), "from raises to the schedule"], [sum(costed, "stepChange"), "from moving up steps"],
      [sum(costed, "hours"), "from a change in hours or days paid (and rounding)"]]
      .filter(function (p) { return p[0] !== 0; });
    if (!parts.length) { return "For a year's work, no change."; }
    var said = parts.map(function (p) { return signed(p[0]) + " " + p[1]; });
    var list = said.length === 1 ? said[0].replace(/^[+−]\$[\d,.]+ /, "all ") :
      said.slice(0, -1).join(", ") + " and " + said[said.length - 1];
    return "For a year's work that is " + signed(change) + ": " + list + ".";
  }

  function difference(cents) {
    if (cents === 0) { return "the same as"; }
    return money(Math.abs(cents)) + (cents > 0 ? " more than" : " less than");
  }

  function yearsTable(s, rows, status) {
    var head = ["Year", "Your step", "Rate (" + s.per + ")", "A year's work", "Change", "Raise", "Step", "Longevity", "Paid in the year"];
    if (status) { head.push("Compared with the status quo"); }
    var table = el("table", {}, [
      el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { scope: "col", text: h }); }))])]);
    var body = el("tbody");
    rows.forEach(function (r, j) {
      if (j === 0 && r.rate === null) { return; }   // no schedule before the first year costed: nothing to show
      var cells = [
        ["Year", fy(r.year) + (j === 0 ? " (now)" : ""), "year"],
        ["Your step", r.lane === null ? "not on the schedule" : r.lane + " step " + r.step, "cell"],
        ["Rate (" + s.per + ")", r.rate === null ? "" : rate(r.rate), "rate"],
        ["A year's work", r.annual === null ? "" : money(r.annual), "annual_rate"],
        ["Change", r.change === null ? "" : signed(r.change), "annual_change"],
        ["Raise", r.raise === null ? "" : signed(r.raise), "raise"],
        ["Step", r.stepChange === null ? "" : signed(r.stepChange), "step_change"],
        ["Longevity", j === 0 ? "" : money(r.longevity), "longevity"],
        ["Paid in the year", j === 0 ? "" : money(r.pay), "pay"]];
      if (status) {
        cells.push(["Compared with the status quo", j === 0 ? "" : signedOrSame(r.pay - status[j - 1].pay), "vs_status_quo"]);
      }
      var tr = el("tr", { "data-year": String(r.year) }, cells.map(function (c, k) {
        return el(k === 0 ? "th" : "td", k === 0 ? { scope: "row", "data-label": c[0], "data-field": c[2], text: c[1] }
          : { "data-label": c[0], "data-field": c[2], text: c[1] });
      }));
      tr.dataset.hours = r.hours === null ? "" : String(r.hours);
      tr.dataset.other = r.other === undefined ? "" : String(r.other);
      body.appendChild(tr);
    });
    table.appendChild(body);
    var note = el("p", { "class": "note", text: "Rate and a year's work are at each year's end (June 30). " +
      "Paid in the year is what the fiscal year pays you on the schedule: base pay, longevity and any other " +
      "pay the contract gives everyone on it (one-time payments, extra days); no stipends for extra duties, " +
      "no benefits." });
    var heading = el("h4", { text: "Year by year" + (s.work_year ? " (a year's work: " + s.work_year + ")" : "") });
    return el("div", { "class": "table-wrap" }, [heading, table, note]);
  }

  function signedOrSame(cents) { return cents === 0 ? "the same" : signed(cents); }

  function quotedWords(q, change) {
    var box = el("div", { "class": "quoted", "data-field": "quoted" });
    if (!q.percents.length && !q.flats.length) {
      box.appendChild(el("p", { text: "This proposal gives this schedule no across-the-board raise." }));
      return box;
    }
    var text = "The raise as it is usually quoted: ";
    if (q.percents.length) {
      text += q.percents.map(function (p) { return p[1] + " on " + p[0]; }).join(", ") + ": " + q.added_up +
        " added up (" + q.compounded + " compounded)";
    }
    if (q.flats.length) {
      text += (q.percents.length ? ", plus " : "") + q.flats.map(function (f) { return f[1] + " on " + f[0]; })
        .join(", ");
    }
    box.appendChild(el("p", { "data-field": "quoted-words", text: text + "." }));
    if (q.percents.length) {
      box.appendChild(el("p", { "class": "why", text: "Why two numbers? " + q.added_up + " is what the percentages " +
        "add up to for every step of the schedule. Your own change (" + pct.format(change) + "% above) follows you: " +
        "it also counts any flat amounts (worth more, in percent, on a lower rate) and every step you move up." }));
    }
    return box;
  }

  function remember() {
    var parts = ["s=" + $("schedule").value, "l=" + $("lane").value, "t=" + $("step").value,
      "y=" + $("service").value, "f=" + $("fte").value];
    if (history.replaceState) { history.replaceState(null, "", "#" + parts.map(encodeURI).join("&")); }
  }
  function recalled() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var p = kv.split("=");
      if (p.length === 2) { out[p[0]] = decodeURI(p[1]); }
    });
    return out;
  }

  function start() {
    var keep = recalled();
    var unitOf = keep.s && DATA.schedules[keep.s] ? DATA.schedules[keep.s].unit : DATA.units[0].name;
    fill($("unit"), DATA.units.map(function (u) { return [u.name, u.label]; }), unitOf);
    var service = [["0", "Less than 1 year"]];
    for (var y = 1; y <= DATA.service_cap; y++) {
      service.push([String(y), y + (y === 1 ? " year" : " years") + (y === DATA.service_cap ? " or more" : "")]);
    }
    fill($("service"), service, keep.y || "0");
    fill($("fte"), DATA.ftes.map(function (f) {
      return [String(f), f === 1 ? "Full time (1.0)" : f.toFixed(1) + " of full time"];
    }), keep.f || "1");
    $("unit").addEventListener("change", function () { chooseUnit(); });
    $("schedule").addEventListener("change", function () { chooseSchedule(); });
    $("lane").addEventListener("change", function () { chooseLane(); });
    ["step", "service", "fte"].forEach(function (id) { $(id).addEventListener("change", show); });
    chooseUnit(keep);
    document.body.dataset.ready = "yes";
  }
  start();
})();
