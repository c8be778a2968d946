// The map page of 'diachi serve': draws the registry from /api/features,
// searches by address text (/api/lookup) or address ID (/api/ids/...), and
// shows a house, its parcel, street side, commune and postcode on a click
// (/api/at). Vietnamese by default, English with ?lang=en. On an editable
// service, once the edit token is entered: retire the house shown
// (/api/edit/retire), add a planned lot where the map is clicked
// (/api/edit/planned).
"use strict";

const lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "vi";

const words = {
  vi: {
    title: "Sổ địa chỉ số — bản đồ",
    placeholder: "Địa chỉ hoặc mã địa chỉ (vd. 37 Nguyễn Thị Thập, Phú Thuận)",
    search: "Tìm",
    other: "English",
    loading: "Đang tải…",
    zoomIn: "Phóng to để xem số nhà.",
    found: (n) => n + " nhà khớp với địa chỉ:",
    none: "Không tìm thấy nhà nào khớp.",
    truncated: "Quá nhiều đối tượng: phóng to để xem hết.",
    house: "Nhà",
    place: "Vị trí đã chọn",
    number: "Số nhà",
    address: "Địa chỉ",
    id: "Mã địa chỉ",
    building: "Công trình",
    parcel: "Thửa đất",
    parcelId: "Mã thửa",
    street: "Đường",
    side: "Phía",
    along: "Cách đầu đường",
    commune: "Xã/phường",
    legacy: "Xã/phường cũ",
    postcode: "Mã bưu chính",
    plus: "Plus Code",
    left: "trái (số lẻ)",
    right: "phải (số chẵn)",
    on: "trên tim đường",
    findings: "Lỗi phát hiện",
    noHouse: "Không có nhà ở điểm này.",
    note: (i) => `${i.houses} nhà, ${i.parcels} thửa, ${i.findings} lỗi (đỏ).` + (i.read_only ? " Chỉ xem: không thể sửa sổ từ bản đồ." : " Nhập mã sửa sổ để xoá nhà hoặc thêm lô quy hoạch.") + (i.demo_key ? " Mã địa chỉ cấp bằng khoá trình diễn công khai." : ""),
    error: "Lỗi",
    token: "Mã sửa sổ",
    retire: "Xoá nhà này khỏi sổ",
    addLot: "Thêm lô quy hoạch",
    addLotHint: "Bấm vào bản đồ nơi đặt lô quy hoạch.",
    retired: (n) => `Đã xoá nhà ${n} khỏi sổ.`,
    added: (n) => `Đã thêm lô quy hoạch, số ${n}.`,
  },
  en: {
    title: "Address registry — map",
    placeholder: "Address or address ID (e.g. 37 Nguyễn Thị Thập, Phú Thuận)",
    search: "Search",
    other: "Tiếng Việt",
    loading: "Loading…",
    zoomIn: "Zoom in to see house numbers.",
    found: (n) => n + " houses match the address:",
    none: "No house matches.",
    truncated: "Too many features: zoom in to see them all.",
    house: "House",
    place: "Selected point",
    number: "House number",
    address: "Address",
    id: "Address ID",
    building: "Building",
    parcel: "Parcel",
    parcelId: "Parcel ID",
    street: "Street",
    side: "Side",
    along: "Along the street",
    commune: "Commune/ward",
    legacy: "Former commune",
    postcode: "Postcode",
    plus: "Plus Code",
    left: "left (odd)",
    right: "right (even)",
    on: "on the centreline",
    findings: "Findings",
    noHouse: "No house at this point.",
    note: (i) => `${i.houses} houses, ${i.parcels} parcels, ${i.findings} findings (red).` + (i.read_only ? " Read-only: the registry cannot be edited from the map." : " Enter the edit token to retire a house or add a planned lot.") + (i.demo_key ? " Address IDs issued with the public demo key." : ""),
    error: "Error",
    token: "Edit token",
    retire: "Retire this house",
    addLot: "Add a planned lot",
    addLotHint: "Click the map where the planned lot is.",
    retired: (n) => `House ${n} retired.`,
    added: (n) => `Planned lot added, number ${n}.`,
  },
}[lang];

const $ = (id) => document.getElementById(id);
document.documentElement.lang = lang;
document.title = words.title;
$("title").textContent = words.title;
$("q").placeholder = words.placeholder;
$("go").textContent = words.search;
$("other-lang").textContent = words.other;
$("other-lang").href = lang === "en" ? "?lang=vi" : "?lang=en";
$("token").placeholder = words.token;
$("retire").textContent = words.retire;
$("add-lot").textContent = words.addLot;

function status(text, isError) {
  $("status").textContent = text || "";
  $("status").className = isError ? "error" : "";
}

async function api(url) {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await res.json();
  if (!res.ok) {
    const e = new Error(body.error ? body.error.message : res.statusText);
    e.code = body.error && body.error.code;
    throw e;
  }
  return body;
}

const map = L.map("map", { preferCanvas: true, zoomSnap: 1, maxZoom: 21 });
const drawn = L.layerGroup().addTo(map);
let selected = null; // building id of the house shown
const labelZoom = 18; // house numbers are drawn from this zoom on, dots below

const styles = {
  communes: { color: "#8a7fb0", weight: 2, dashArray: "6 4", fill: false, interactive: false },
  parcels: (p) => ({ color: p.finding ? "#d62828" : "#c9c2ae", weight: p.finding ? 2 : 0.6, fillColor: "#f1eee4", fillOpacity: 1 }),
  buildings: (p) => ({ color: p.finding ? "#d62828" : "#9c8a6a", weight: p.finding ? 2 : 0.6, fillColor: p.finding ? "#f4b6b6" : "#d9cbb0", fillOpacity: 1 }),
  streets: { color: "#ffffff", weight: 6, opacity: 1, interactive: false },
  streetCasing: { color: "#9d957f", weight: 8, opacity: 1, interactive: false },
};

let pending = null;
async function redraw() {
  const b = map.getBounds();
  const z = map.getZoom();
  const bbox = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map((v) => v.toFixed(6)).join(",");
  const req = {};
  pending = req;
  let fc;
  try {
    fc = await api(`/api/features?bbox=${bbox}&zoom=${z}`);
  } catch (e) {
    status(`${words.error}: ${e.message}`, true);
    return;
  }
  if (pending !== req) return; // a later move asked for another box
  drawn.clearLayers();
  const by = { communes: [], parcels: [], buildings: [], streets: [], houses: [], findings: [] };
  for (const f of fc.features) by[f.properties.layer].push(f);
  L.geoJSON(by.communes, { style: styles.communes }).addTo(drawn);
  const dot = (color) => (f, latlng) => L.circleMarker(latlng, { radius: 3, color, weight: 1, fillOpacity: 0.8 });
  L.geoJSON(by.parcels, { style: (f) => styles.parcels(f.properties), pointToLayer: dot("#9c8a6a") }).on("click", (e) => showPlace(e.latlng)).addTo(drawn);
  L.geoJSON(by.buildings, { style: (f) => styles.buildings(f.properties), pointToLayer: dot("#9c8a6a") }).on("click", (e) => showPlace(e.latlng)).addTo(drawn);
  L.geoJSON(by.streets, { style: styles.streetCasing }).addTo(drawn);
  L.geoJSON(by.streets, { style: styles.streets }).addTo(drawn);
  for (const f of by.streets) {
    if (!f.properties.name || z < 17) continue;
    const c = f.geometry.coordinates;
    const line = f.geometry.type === "MultiLineString" ? c[0] : c;
    const k = Math.max(0, Math.floor((line.length - 2) / 2)); // the middle segment
    const a = line[k], b = line[k + 1] || a;
    L.tooltip({ permanent: true, direction: "center", className: "street-label", interactive: false })
      .setLatLng([(a[1] + b[1]) / 2, (a[0] + b[0]) / 2]).setContent(f.properties.name).addTo(drawn);
  }
  for (const f of by.findings) {
    const [lon, lat] = f.geometry.coordinates;
    L.circleMarker([lat, lon], { radius: 12, color: "#d62828", weight: 2, fill: false })
      .bindTooltip(`${f.properties.reason}: ${f.properties.evidence}`).addTo(drawn);
  }
  // House numbers where they fit: a label that would cover one already
  // placed becomes a dot (houses with findings and the one shown first).
  const placed = new Map(); // grid cell -> boxes
  const cell = 40;
  const fits = (x, y, w, h) => {
    for (let gx = Math.floor((x - w) / cell); gx <= Math.floor((x + w) / cell); gx++) {
      for (let gy = Math.floor((y - h) / cell); gy <= Math.floor((y + h) / cell); gy++) {
        for (const b of placed.get(gx + "," + gy) || []) {
          if (Math.abs(b.x - x) * 2 < b.w + w && Math.abs(b.y - y) * 2 < b.h + h) return false;
        }
      }
    }
    const box = { x, y, w, h };
    const k = Math.floor(x / cell) + "," + Math.floor(y / cell);
    placed.set(k, (placed.get(k) || []).concat([box]));
    return true;
  };
  const rank = (p) => (p.building === selected ? 0 : p.finding ? 1 : 2);
  by.houses.sort((a, b) => rank(a.properties) - rank(b.properties));
  for (const f of by.houses) {
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    const click = () => showPlace(L.latLng(lat, lon));
    const at = map.latLngToContainerPoint([lat, lon]);
    if (z < labelZoom || !fits(at.x, at.y, 7 * p.number.length + 6, 14)) {
      L.circleMarker([lat, lon], { radius: 2.5, color: p.finding ? "#d62828" : "#1d3557", weight: 1, fillOpacity: 1 })
        .on("click", click).addTo(drawn);
      continue;
    }
    const span = document.createElement("span");
    span.textContent = p.number;
    span.dataset.building = p.building;
    span.dataset.id = p.address_id;
    const cls = "house-label" + (p.finding ? " finding" : "") + (p.building === selected ? " selected" : "");
    L.marker([lat, lon], { icon: L.divIcon({ className: cls, html: span, iconSize: null }), title: p.address_id, keyboard: false })
      .on("click", click)
      .addTo(drawn);
  }
  if (fc.truncated) status(words.truncated);
  else if (z < labelZoom) status(words.zoomIn);
  else if ($("status").textContent === words.zoomIn || $("status").textContent === words.truncated) status("");
}
map.on("moveend", redraw);

function field(dl, label, value, name) {
  if (value === null || value === undefined || value === "") return;
  const dt = document.createElement("dt");
  dt.textContent = label;
  const dd = document.createElement("dd");
  dd.textContent = value;
  dd.dataset.field = name;
  dl.append(dt, dd);
}

function sideText(side) {
  return side === "left" ? words.left : side === "right" ? words.right : words.on;
}

// show fills the panel with a house (from /api/at, /api/ids or
// /api/lookup) and, for a reverse geocode, the place around it.
function show(house, place) {
  $("details").hidden = false;
  const dl = $("fields");
  dl.replaceChildren();
  const list = $("house-findings");
  list.replaceChildren();
  $("details-title").textContent = house ? `${words.house} ${house.number || ""}` : words.place;
  if (!house && place) status(words.noHouse);
  if (house) {
    field(dl, words.number, house.number, "number");
    field(dl, words.address, house.address, "address");
    field(dl, words.id, house.address_id, "address_id");
    field(dl, words.building, house.building, "building");
  }
  const parcel = house ? house.parcel : place && place.parcel;
  field(dl, words.parcel, parcel, "parcel");
  field(dl, words.parcelId, house ? house.parcel_id : place && place.parcel_id, "parcel_id");
  if (house && house.street) {
    field(dl, words.street, house.street, "street");
    field(dl, words.side, sideText(house.side), "side");
    if (house.along_m !== null) field(dl, words.along, house.along_m.toFixed(1) + " m", "along");
  } else if (place && place.street) {
    field(dl, words.street, place.street.name, "street");
    field(dl, words.side, sideText(place.street.side), "side");
    field(dl, words.along, place.street.along_m.toFixed(1) + " m", "along");
  }
  field(dl, words.commune, house ? house.commune_name : place && place.commune_name, "commune");
  field(dl, words.legacy, house ? house.legacy_commune_name : place && place.legacy_commune_name, "legacy_commune");
  field(dl, words.postcode, house ? house.postcode : place && place.postcode, "postcode");
  if (house) field(dl, words.plus, house.plus_code, "plus_code");
  if (house && house.findings.length) {
    const h = document.createElement("li");
    h.textContent = words.findings + ":";
    list.append(h);
    for (const f of house.findings) {
      const li = document.createElement("li");
      li.textContent = `${f.reason}: ${f.evidence}` + (f.suggested ? ` → ${f.suggested}` : "");
      li.dataset.reason = f.reason;
      list.append(li);
    }
  }
  shown = house;
  $("retire").disabled = !house;
  selected = house ? house.building : null;
  for (const el of document.querySelectorAll(".house-label")) {
    el.classList.toggle("selected", el.firstChild && el.firstChild.dataset.building === selected);
  }
}

async function showPlace(latlng) {
  try {
    const place = await api(`/api/at?lat=${latlng.lat.toFixed(7)}&lon=${latlng.lng.toFixed(7)}`);
    status("");
    show(place.house, place);
  } catch (e) {
    status(`${words.error}: ${e.message}`, true);
  }
}

function goTo(house) {
  show(house, null);
  map.setView([house.lat, house.lon], Math.max(map.getZoom(), 19));
}

// Editing, on an editable service once the token is entered: the token
// is kept in this page only and sent with each change.
let token = "";
let shown = null; // the house in the panel
let addingLot = false;

async function change(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "Bearer " + token },
    body: JSON.stringify(body),
  });
  const out = await res.json();
  if (!res.ok) throw new Error(out.error ? out.error.message : res.statusText);
  return out;
}

$("token").addEventListener("input", () => {
  token = $("token").value.trim();
  $("edit-controls").hidden = token === "";
});

$("retire").addEventListener("click", async () => {
  if (!shown) return;
  const house = shown;
  try {
    await change("/api/edit/retire", { house: house.building });
    $("details").hidden = true;
    shown = null;
    selected = null;
    $("retire").disabled = true;
    status(words.retired(house.number || house.building));
    redraw();
  } catch (e) {
    status(`${words.error}: ${e.message}`, true);
  }
});

$("add-lot").addEventListener("click", () => {
  addingLot = true;
  $("add-lot").classList.add("active");
  status(words.addLotHint);
});

// While a lot is being added, a click anywhere on the map places it (and
// reaches no house or parcel under it).
$("map").addEventListener("click", async (ev) => {
  if (!addingLot) return;
  ev.stopPropagation();
  addingLot = false;
  $("add-lot").classList.remove("active");
  const at = map.mouseEventToLatLng(ev);
  try {
    const out = await change("/api/edit/planned", { geometry: { type: "Point", coordinates: [Number(at.lng.toFixed(7)), Number(at.lat.toFixed(7))] } });
    const lot = out.houses[0];
    show(lot, null);
    status(words.added(lot.number));
    redraw();
  } catch (e) {
    status(`${words.error}: ${e.message}`, true);
  }
}, true);

const idPattern = /^\s*\d{3}[\s-]?\d{3}[\s-]?\d{4}\s*$/;

$("search").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const q = $("q").value.trim();
  if (!q) return;
  $("results").replaceChildren();
  status(words.loading);
  try {
    if (idPattern.test(q)) {
      const house = await api(`/api/ids/${encodeURIComponent(q.replace(/[\s-]/g, ""))}`);
      status("");
      goTo(house);
      return;
    }
    const res = await api(`/api/lookup?q=${encodeURIComponent(q)}`);
    if (res.houses.length === 0) {
      status(words.none, true);
      return;
    }
    status(words.found(res.houses.length));
    for (const h of res.houses) {
      const li = document.createElement("li");
      li.textContent = h.address || h.address_id;
      li.dataset.id = h.address_id;
      li.addEventListener("click", () => goTo(h));
      $("results").append(li);
    }
    goTo(res.houses[0]);
  } catch (e) {
    status(`${words.error}: ${e.message}`, true);
  }
});

(async () => {
  try {
    const info = await api("/api/info");
    $("note").textContent = words.note(info);
    $("edit").hidden = info.read_only;
    const [s, w, n, e] = info.extent;
    map.fitBounds([[s, w], [n, e]]);
    if (map.getZoom() < 16) map.setZoom(16);
  } catch (e) {
    status(`${words.error}: ${e.message}`, true);
    map.setView([10.75, 106.7], 16);
  }
})();
