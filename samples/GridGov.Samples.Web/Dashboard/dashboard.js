// The GridGov dashboard: plain JS, no libraries, nothing fetched but this server's own JSON.
// Every number carries a stable id or data-* attribute so a test can read it from the DOM.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

function cell(row, node, indicator, value) {
  const td = document.createElement("td");
  td.dataset.node = node;
  td.dataset.indicator = indicator;
  td.textContent = String(value);
  row.appendChild(td);
}

function showIndicators(view) {
  const d = view.district;
  const totals = { found: d.found, claimed: d.claimed, resolved: d.resolved, "close-rate": d.closeRate, "on-time-close-rate": d.onTimeCloseRate, "satisfaction-rate": d.satisfactionRate };
  for (const [name, value] of Object.entries(totals)) {
    const el = document.getElementById(`district-${name}`);
    el.textContent = String(value);
    el.dataset.node = d.code;
    el.dataset.indicator = name;
  }

  const body = document.querySelector("#streets tbody");
  body.replaceChildren();
  for (const s of view.streets) {
    const row = document.createElement("tr");
    row.dataset.node = s.code;
    const name = document.createElement("td");
    name.textContent = s.name;
    row.appendChild(name);
    cell(row, s.code, "found", s.found);
    cell(row, s.code, "claimed", s.claimed);
    cell(row, s.code, "resolved", s.resolved);
    cell(row, s.code, "close-rate", s.closeRate);
    cell(row, s.code, "on-time-close-rate", s.onTimeCloseRate);
    cell(row, s.code, "satisfaction-rate", s.satisfactionRate);
    body.appendChild(row);
  }
}

function svgElement(name, attributes, text) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function drawMonthly(months) {
  const series = ["found", "claimed", "resolved"];
  const width = 1100, height = 320, left = 48, bottom = 36, top = 16;
  const max = Math.max(1, ...months.flatMap(m => series.map(s => m[s])));
  const groupWidth = (width - left) / Math.max(1, months.length);
  const barWidth = Math.min(40, (groupWidth - 20) / series.length);
  const y = v => top + (height - top - bottom) * (1 - v / max);
  const svg = svgElement("svg", { viewBox: `0 0 ${width} ${height}`, width, height, id: "monthly-svg" });
  for (let t = 0; t <= 4; t++) {
    const v = Math.round(max * t / 4);
    svg.appendChild(svgElement("line", { x1: left, x2: width, y1: y(v), y2: y(v), stroke: "#e4e7eb" }));
    svg.appendChild(svgElement("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 11, fill: "#52606d", "data-axis-tick": v }, String(v)));
  }
  months.forEach((m, i) => {
    const x0 = left + i * groupWidth + 10;
    series.forEach((s, j) => {
      const value = m[s];
      const rect = svgElement("rect", { x: x0 + j * barWidth, y: y(value), width: barWidth - 4, height: y(0) - y(value), class: s, "data-month": m.month, "data-series": s, "data-value": value });
      rect.appendChild(svgElement("title", {}, `${m.month} ${s}: ${value}`));
      svg.appendChild(rect);
      svg.appendChild(svgElement("text", { x: x0 + j * barWidth + (barWidth - 4) / 2, y: y(value) - 3, "text-anchor": "middle", "font-size": 10, fill: "#1f2933", "data-label-month": m.month, "data-label-series": s }, String(value)));
    });
    svg.appendChild(svgElement("text", { x: x0 + (barWidth * series.length) / 2, y: height - 12, "text-anchor": "middle", "font-size": 12, fill: "#52606d", "data-month-label": m.month }, m.month));
  });
  document.getElementById("monthly-chart").replaceChildren(svg);
}

function showLifecycle(view) {
  const host = document.getElementById("lifecycle");
  host.dataset.format = view.format;
  if (view.format === "svg") {
    host.innerHTML = view.content; // this server's own Graphviz output
  } else {
    const pre = document.createElement("pre");
    pre.textContent = view.content;
    host.replaceChildren(pre);
  }
}

// The five-haves compliance map: one block per street (its rate), one tile per committee coloured by whether it
// meets the standard; a tile's title lists the gaps. Every figure carries data-* attributes for the test.
function rateText(r) {
  return `${r.rate === "n/a" ? "n/a" : r.rate + "%"} (${r.compliant}/${r.committees})`;
}

function rateElement(r, tag) {
  const el = document.createElement(tag);
  el.className = "compliance-rate";
  el.dataset.complianceNode = r.code;
  el.dataset.compliant = String(r.compliant);
  el.dataset.committees = String(r.committees);
  el.dataset.rate = r.rate;
  el.textContent = rateText(r);
  return el;
}

function showCompliance(view) {
  const host = document.getElementById("committees-map");
  host.replaceChildren();
  document.getElementById("committees-as-of").textContent = view.asOf;
  document.getElementById("committees-district").replaceChildren(rateElement(view.district, "span"));
  for (const street of view.streets) {
    const block = document.createElement("div");
    block.className = "street-compliance";
    const title = document.createElement("h3");
    title.textContent = `${street.rate.name} `;
    title.appendChild(rateElement(street.rate, "span"));
    block.appendChild(title);
    const tiles = document.createElement("div");
    tiles.className = "tiles";
    for (const c of street.committees) {
      const tile = document.createElement("div");
      tile.className = `committee ${c.meetsStandard ? "compliant" : "short"}`;
      tile.dataset.committee = c.id;
      tile.dataset.unit = c.unitCode;
      tile.dataset.meetsStandard = String(c.meetsStandard);
      tile.dataset.unmet = c.unmetRules.join(" ");
      tile.title = c.meetsStandard ? "符合五有标准 meets the standard" : c.gapsZh.join("\n");
      const name = document.createElement("strong");
      name.textContent = c.unitName;
      tile.appendChild(name);
      const status = document.createElement("span");
      status.textContent = c.meetsStandard ? "✓ 达标" : `✗ ${c.gapsZh.map(g => g.split("：")[0]).join("、")}`;
      tile.appendChild(status);
      tiles.appendChild(tile);
    }
    block.appendChild(tiles);
    host.appendChild(block);
  }
  document.getElementById("committees-compliance").dataset.status = "loaded";
}

async function main() {
  try {
    const [indicators, monthly, lifecycle, committees] = await Promise.all([getJson("/api/indicators"), getJson("/api/monthly"), getJson("/api/lifecycle"), getJson("/api/committees")]);
    showIndicators(indicators);
    drawMonthly(monthly);
    showLifecycle(lifecycle);
    showCompliance(committees);
    document.body.dataset.loaded = "true";
  } catch (error) {
    document.body.dataset.loaded = "error";
    document.body.dataset.error = String(error);
  }
}

main();
