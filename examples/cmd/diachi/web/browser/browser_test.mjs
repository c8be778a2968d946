// The browser test of the map page: opens the page of a running
// 'diachi serve' on the sample town in headless chromium, checks the
// numbered houses are drawn, searches an address, clicks a house, checks
// what the panel shows against the API, does the same in English with an
// address ID, retires a house and adds a planned lot with the edit token,
// and writes screenshots.
//
//   node browser_test.mjs URL OUTDIR
//
// CHROMIUM names the browser (default /usr/bin/chromium); DIACHI_EDIT_TOKEN
// the edit token the service was started with.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, outDir] = process.argv.slice(2);
if (!url || !outDir) {
  console.error("usage: node browser_test.mjs URL OUTDIR");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

let failed = 0, passed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail ? ": " + detail : ""}`);
  }
}

async function api(path) {
  const res = await fetch(url + path);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const profile = mkdtempSync(join(tmpdir(), "diachi-browser-"));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 860 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
try {
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

  // 1. The page in Vietnamese: the whole town, then zoomed in far enough
  // for the house numbers.
  await page.goto(url + "/");
  await page.waitForFunction(() => document.querySelectorAll("#map path.leaflet-interactive, #map canvas").length > 0, null, { timeout: 20000 });
  await page.waitForTimeout(500);
  const title = await page.textContent("#title");
  check("Vietnamese by default", title === "Sổ địa chỉ số — bản đồ", title);
  check("the overview asks to zoom in for numbers", (await page.textContent("#status")) === "Phóng to để xem số nhà.", await page.textContent("#status"));
  await page.screenshot({ path: join(outDir, "1-town-vi.png") });
  await page.click(".leaflet-control-zoom-in");
  await page.waitForTimeout(400);
  await page.click(".leaflet-control-zoom-in");
  await page.waitForSelector(".house-label span", { timeout: 20000 });
  await page.waitForTimeout(500);
  const labels = await page.$$eval(".house-label span", (els) => els.map((e) => e.textContent));
  check("house numbers drawn as labels", labels.length >= 100 && labels.every((t) => /^[0-9A-Za-z/-]+$/.test(t)), `${labels.length} labels`);
  await page.screenshot({ path: join(outDir, "1-numbers-vi.png") });

  // 2. A search by address text.
  const want = (await api("/api/lookup?q=" + encodeURIComponent("37 Nguyễn Thị Thập, Phú Thuận"))).houses;
  check("the API finds 37 Nguyễn Thị Thập", want.length === 1, JSON.stringify(want.map((h) => h.address)));
  await page.fill("#q", "37 nguyen thi thap, phu thuan");
  await page.click("#go");
  await page.waitForSelector('dd[data-field="number"]', { timeout: 10000 });
  await page.waitForFunction(() => document.querySelector('dd[data-field="address_id"]')?.textContent !== "", null, { timeout: 10000 });
  const field = (name) => page.textContent(`dd[data-field="${name}"]`).catch(() => null);
  check("search shows the house number", (await field("number")) === "37", await field("number"));
  check("search shows the address", (await field("address")) === want[0].address, await field("address"));
  check("search shows the address ID", (await field("address_id")) === want[0].address_id, await field("address_id"));
  check("search shows the postcode", (await field("postcode")) === want[0].postcode, await field("postcode"));
  check("search shows the commune", (await field("commune")) === want[0].commune_name, await field("commune"));
  await page.waitForTimeout(800); // the map moves to the house and redraws
  await page.screenshot({ path: join(outDir, "2-search-vi.png") });

  // 3. A click on another house in view: the panel shows that house, its
  // parcel, street side, commune and postcode, as the API has them.
  const other = await page.$$eval(".house-label span", (els, skip) => {
    const w = window.innerWidth, h = window.innerHeight;
    for (const e of els) {
      const r = e.getBoundingClientRect();
      if (e.dataset.building !== skip && r.left > 50 && r.right < w - 400 && r.top > 80 && r.bottom < h - 50) return e.dataset.building;
    }
    return null;
  }, want[0].building);
  check("another house in view to click", other !== null);
  if (other) {
    await page.click(`.house-label span[data-building="${other}"]`);
    await page.waitForFunction((b) => document.querySelector('dd[data-field="building"]')?.textContent === b, other, { timeout: 10000 });
    const h = await api("/api/sources/" + encodeURIComponent(other));
    check("click shows the house number", (await field("number")) === h.number, `${await field("number")} vs ${h.number}`);
    check("click shows the parcel", (await field("parcel")) === h.parcel, await field("parcel"));
    const side = { left: "trái (số lẻ)", right: "phải (số chẵn)" }[h.side] ?? "trên tim đường";
    check("click shows the street side", (await field("side")) === side, await field("side"));
    check("click shows the commune", (await field("commune")) === h.commune_name, await field("commune"));
    check("click shows the postcode", (await field("postcode")) === h.postcode, await field("postcode"));
    const sel = await page.$$eval(".house-label.selected span", (els) => els.map((e) => e.dataset.building));
    check("the clicked house is marked", sel.length === 1 && sel[0] === other, JSON.stringify(sel));
    await page.screenshot({ path: join(outDir, "3-click-vi.png") });
  }

  // 4. A house with a finding: highlighted on the map, its finding in the
  // panel.
  const fs = await api("/api/findings?layer=buildings&limit=1000");
  const flaggedHouse = await (async () => {
    for (const f of fs.findings) {
      const r = await fetch(url + "/api/sources/" + encodeURIComponent(f.record));
      if (r.ok) {
        const h = await r.json();
        if (h.address_id && h.number) return { h, reason: f.reason };
      }
    }
    return null;
  })();
  check("a numbered house with a finding", flaggedHouse !== null);
  if (flaggedHouse) {
    await page.fill("#q", flaggedHouse.h.address_id);
    await page.click("#go");
    await page.waitForFunction((id) => document.querySelector('dd[data-field="address_id"]')?.textContent === id, flaggedHouse.h.address_id, { timeout: 10000 });
    await page.waitForSelector(`.house-label.finding span[data-building="${flaggedHouse.h.building}"]`, { timeout: 10000 });
    const reasons = await page.$$eval("#house-findings li[data-reason]", (els) => els.map((e) => e.dataset.reason));
    check("the house's finding is listed", reasons.includes(flaggedHouse.reason), JSON.stringify(reasons));
    const red = await page.$$eval(".house-label.finding", (els) => els.length);
    check("houses with findings highlighted", red >= 1, `${red} highlighted`);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(outDir, "4-finding-vi.png") });
  }

  // 5. English on request, a search by address ID.
  await page.goto(url + "/?lang=en");
  await page.waitForFunction(() => document.querySelectorAll("#map canvas").length > 0, null, { timeout: 20000 });
  check("English with ?lang=en", (await page.textContent("#title")) === "Address registry — map");
  await page.fill("#q", want[0].address_id);
  await page.click("#go");
  await page.waitForFunction((id) => document.querySelector('dd[data-field="address_id"]')?.textContent === id, want[0].address_id, { timeout: 10000 });
  const labelsEn = await page.$$eval("#fields dt", (els) => els.map((e) => e.textContent));
  check("English labels", labelsEn.includes("Postcode") && labelsEn.includes("Parcel"), JSON.stringify(labelsEn));
  check("search by ID shows the house", (await field("number")) === "37", await field("number"));
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(outDir, "5-id-en.png") });

  // 6. A search that finds nothing says so.
  await page.fill("#q", "999 Đường Không Có, Phú Thuận");
  await page.click("#go");
  await page.waitForFunction(() => document.querySelector("#status")?.classList.contains("error"), null, { timeout: 10000 });
  check("an address not found is said so", (await page.textContent("#status")) === "No house matches.", await page.textContent("#status"));

  // 7. Editing, with the token (DIACHI_EDIT_TOKEN, the one the service
  // was started with): the two controls appear once it is entered; the
  // house 37 is retired, then a planned lot is added where the map is
  // clicked, on the parcel the house stood on.
  const token = process.env.DIACHI_EDIT_TOKEN;
  check("an edit token for the editing steps", !!token, "DIACHI_EDIT_TOKEN is not set");
  if (token) {
    await page.goto(url + "/");
    await page.waitForFunction(() => document.querySelector("#edit") && !document.querySelector("#edit").hidden, null, { timeout: 20000 });
    check("edit controls hidden without the token", await page.isHidden("#edit-controls"));
    await page.fill("#token", token);
    check("edit controls shown with the token", await page.isVisible("#edit-controls"));

    await page.fill("#q", want[0].address_id);
    await page.click("#go");
    await page.waitForFunction((id) => document.querySelector('dd[data-field="address_id"]')?.textContent === id, want[0].address_id, { timeout: 10000 });
    await page.waitForSelector(`.house-label span[data-building="${want[0].building}"]`, { timeout: 10000 });
    await page.click("#retire");
    await page.waitForFunction(() => document.querySelector("#details").hidden, null, { timeout: 20000 });
    check("retire says so", (await page.textContent("#status")) === "Đã xoá nhà 37 khỏi sổ.", await page.textContent("#status"));
    const gone = await fetch(url + "/api/ids/" + want[0].address_id.replace(/ /g, ""));
    check("the retired house is gone from the API", gone.status === 404, String(gone.status));
    await page.waitForFunction((b) => document.querySelectorAll(`.house-label span[data-building="${b}"]`).length === 0, want[0].building, { timeout: 10000 })
      .then(() => check("the retired house is gone from the map", true), (e) => check("the retired house is gone from the map", false, String(e)));
    await page.screenshot({ path: join(outDir, "7-retired-vi.png") });

    const [lat, lon] = [want[0].lat, want[0].lon];
    await page.evaluate(([la, lo]) => { map.setView([la, lo], 19); }, [lat, lon]);
    await page.waitForTimeout(1000);
    const at = await page.evaluate(([la, lo]) => {
      const p = map.latLngToContainerPoint([la, lo]);
      const r = document.getElementById("map").getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, [lat, lon]);
    await page.click("#add-lot");
    check("adding a lot asks for a click", (await page.textContent("#status")) === "Bấm vào bản đồ nơi đặt lô quy hoạch.", await page.textContent("#status"));
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction(() => document.querySelector('dd[data-field="building"]')?.textContent.startsWith("lot-"), null, { timeout: 30000 });
    const lotId = await field("building");
    const lot = await api("/api/sources/" + encodeURIComponent(lotId));
    check("the lot is numbered", /^[0-9]+[A-Z]?(-[0-9]+)?$/.test(lot.number) && lot.address_id !== "", JSON.stringify(lot));
    check("the page shows the lot's number", (await field("number")) === lot.number, `${await field("number")} vs ${lot.number}`);
    check("the page shows the lot's address ID", (await field("address_id")) === lot.address_id, await field("address_id"));
    check("the lot stands on the house's parcel", lot.parcel === want[0].parcel, `${lot.parcel}, house 37: ${want[0].parcel}`);
    check("the retired number is not issued again", lot.number !== "37", lot.number);
    check("the page says the lot is added", (await page.textContent("#status")) === `Đã thêm lô quy hoạch, số ${lot.number}.`, await page.textContent("#status"));
    await page.waitForSelector(`.house-label span[data-building="${lotId}"]`, { timeout: 10000 })
      .then(() => check("the lot is drawn with its number", true), (e) => check("the lot is drawn with its number", false, String(e)));
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(outDir, "7-lot-vi.png") });
  }

  check("no script errors", errors.length === 0, errors.join(" | "));
} catch (e) {
  failed++;
  console.log(`FAIL ${e.stack || e}`);
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
