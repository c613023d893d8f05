// The oversight dashboard: every figure comes from the GraphQL API this page is served by
// (statistics / publicStatistics), and the live feed from the `events` subscription
// (graphql-transport-ws). Nothing is loaded from another origin.
"use strict";

const TEXT = {
  vi: {
    title: "Bảng điều hành đổi mới sáng tạo", period: "Kỳ", refresh: "Cập nhật",
    signIn: "Đăng nhập", signOut: "Đăng xuất", email: "Email", password: "Mật khẩu",
    public: "Số liệu công khai", signedIn: "Đã đăng nhập: ", received: "Sáng kiến tiếp nhận",
    published: "Đã công bố", deals: "Giao dịch", dealValue: "Giá trị giao dịch (tỷ đồng)",
    p50: "Thời gian đến quyết định (ngày, trung vị)", funnel: "Phễu sáng kiến",
    byMonth: "Tiếp nhận theo tháng", byProvince: "Tiếp nhận theo tỉnh/thành",
    byField: "Tiếp nhận theo lĩnh vực", live: "Sự kiện trực tiếp", connected: "đã kết nối",
    badLogin: "Sai email hoặc mật khẩu.", refused: "Tài khoản không có quyền xem thống kê.",
    stages: { RECEIVED: "Tiếp nhận", SCREENED: "Sơ loại", UNDER_REVIEW: "Thẩm định",
      SELECTED: "Được chọn", PUBLISHED: "Công bố", COMMERCIALISING: "Thương mại hóa" },
    listings: { initiative: "sáng kiến", offer: "chào bán công nghệ", need: "nhu cầu công nghệ" },
    kinds: { submission: "Nộp hồ sơ", decision: "Quyết định", publication: "Công bố",
      connection_opened: "Kết nối mới", deal: "Giao dịch" },
  },
  en: {
    title: "Innovation oversight dashboard", period: "Period", refresh: "Refresh",
    signIn: "Sign in", signOut: "Sign out", email: "Email", password: "Password",
    public: "Public figures", signedIn: "Signed in: ", received: "Initiatives received",
    published: "Published", deals: "Deals", dealValue: "Deal value (billion VND)",
    p50: "Days to decision (median)", funnel: "Initiative funnel",
    byMonth: "Received by month", byProvince: "Received by province",
    byField: "Received by field", live: "Live events", connected: "connected",
    badLogin: "Wrong email or password.", refused: "This account may not read statistics.",
    stages: { RECEIVED: "Received", SCREENED: "Screened", UNDER_REVIEW: "Under review",
      SELECTED: "Selected", PUBLISHED: "Published", COMMERCIALISING: "Commercialising" },
    listings: { initiative: "initiative", offer: "technology offer", need: "technology need" },
    kinds: { submission: "Submission", decision: "Decision", publication: "Publication",
      connection_opened: "Connection opened", deal: "Deal" },
  },
};

const FIELDS = `period
  funnel { stage total byMonth { bucket count } }
  decisionTime { decided p50Days p90Days }
  deals { count valueVnd byProvince { key count valueVnd } }
  topFields { code nameVi nameEn received published }
  topProvinces { code nameVi nameEn received published }`;
const STATS = `query($p: String!) { statistics(period: $p) { __typename
  ... on Statistics { ${FIELDS} } ... on NotAllowed { message } } }`;
const PUBLIC = `query($p: String!) { publicStatistics(period: $p) { __typename
  ... on PublicStatistics { ${FIELDS} } ... on ValidationError { message } } }`;
const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) {
  __typename ... on SignedIn { token user { displayName } } } }`;
const EVENTS = `subscription { events { kind listingKind status title provinceCode at dealKind } }`;

const state = {
  lang: localStorage.getItem("innovex.lang") || "vi",
  token: sessionStorage.getItem("innovex.token"),
  who: sessionStorage.getItem("innovex.who"),
  charts: {},
  socket: null,
};
const $ = (id) => document.getElementById(id);
const t = () => TEXT[state.lang];

async function graphql(query, variables) {
  const headers = { "content-type": "application/json" };
  if (state.token) headers.authorization = "Bearer " + state.token;
  const response = await fetch("/graphql", {
    method: "POST", headers, body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(body.errors[0].message);
  return body.data;
}

function defaultPeriod() {
  return String(new Date().getFullYear());
}

function chart(id, type, labels, data, label) {
  if (state.charts[id]) state.charts[id].destroy();
  state.charts[id] = new Chart($(id), {
    type,
    data: { labels, datasets: [{ label, data, backgroundColor: "#1f6feb", borderColor: "#1f6feb" }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false,
      plugins: { legend: { display: false } } },
  });
  $(id).dataset.points = JSON.stringify(data);
}

function render(stats) {
  const tx = t();
  const total = (stage) => stats.funnel.find((f) => f.stage === stage).total;
  $("kpi-received").textContent = total("RECEIVED");
  $("kpi-published").textContent = total("PUBLISHED");
  $("kpi-deals").textContent = stats.deals.count;
  $("kpi-value").textContent = (Number(stats.deals.valueVnd) / 1e9).toLocaleString(state.lang, { maximumFractionDigits: 1 });
  $("kpi-p50").textContent = stats.decisionTime.p50Days ?? "—";
  const name = (p) => (state.lang === "vi" ? p.nameVi : p.nameEn);
  chart("chart-funnel", "bar", stats.funnel.map((f) => tx.stages[f.stage]), stats.funnel.map((f) => f.total), tx.funnel);
  const received = stats.funnel.find((f) => f.stage === "RECEIVED");
  chart("chart-month", "line", received.byMonth.map((b) => b.bucket), received.byMonth.map((b) => b.count), tx.byMonth);
  chart("chart-province", "bar", stats.topProvinces.map(name), stats.topProvinces.map((p) => p.received), tx.byProvince);
  chart("chart-field", "bar", stats.topFields.map(name), stats.topFields.map((p) => p.received), tx.byField);
  document.body.dataset.loaded = stats.period;
}

async function load() {
  const period = $("period").value.trim() || defaultPeriod();
  $("status").textContent = "";
  try {
    if (state.token) {
      const answer = (await graphql(STATS, { p: period })).statistics;
      if (answer.__typename !== "Statistics") { $("status").textContent = answer.message || t().refused; return; }
      render(answer);
    } else {
      const answer = (await graphql(PUBLIC, { p: period })).publicStatistics;
      if (answer.__typename !== "PublicStatistics") { $("status").textContent = answer.message; return; }
      render(answer);
    }
  } catch (error) {
    $("status").textContent = String(error.message || error);
  }
}

let reloadTimer = null;
function reloadSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(load, 300);
}

function addEvent(event) {
  const tx = t();
  const item = document.createElement("li");
  item.className = "event event-" + event.kind;
  const when = new Date(event.at).toLocaleTimeString(state.lang);
  item.textContent = `${when} · ${tx.kinds[event.kind.toLowerCase()] || event.kind} · ${tx.listings[event.listingKind] || event.listingKind}`
    + (event.title ? ` · ${event.title}` : "") + (event.provinceCode ? ` · ${event.provinceCode}` : "");
  $("feed").prepend(item);
  while ($("feed").children.length > 50) $("feed").lastChild.remove();
  reloadSoon();
}

function subscribe() {
  if (state.socket) state.socket.close();
  const url = new URL("/graphql", window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url, "graphql-transport-ws");
  state.socket = socket;
  socket.onopen = () => socket.send(JSON.stringify({ type: "connection_init",
    payload: state.token ? { authorization: "Bearer " + state.token } : {} }));
  socket.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.type === "connection_ack") {
      socket.send(JSON.stringify({ id: "events", type: "subscribe", payload: { query: EVENTS } }));
      $("live-state").textContent = t().connected;
      document.body.dataset.live = "ready";
    } else if (data.type === "next" && data.payload.data) {
      addEvent(data.payload.data.events);
    } else if (data.type === "ping") {
      socket.send(JSON.stringify({ type: "pong" }));
    }
  };
  socket.onclose = () => {
    document.body.dataset.live = "closed";
    if (state.socket === socket) setTimeout(subscribe, 2000);
  };
}

async function signIn(event) {
  event.preventDefault();
  const answer = (await graphql(SIGN_IN, { e: $("email").value, p: $("password").value })).signIn;
  if (answer.__typename !== "SignedIn") { $("status").textContent = t().badLogin; return; }
  state.token = answer.token;
  state.who = answer.user.displayName;
  sessionStorage.setItem("innovex.token", state.token);
  sessionStorage.setItem("innovex.who", state.who);
  translate();
  subscribe();
  await load();
}

function signOut() {
  state.token = null; state.who = null;
  sessionStorage.removeItem("innovex.token"); sessionStorage.removeItem("innovex.who");
  translate(); subscribe(); load();
}

function translate() {
  const tx = t();
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = tx[el.dataset.t]; });
  $("email").placeholder = tx.email;
  $("password").placeholder = tx.password;
  $("sign-in").hidden = Boolean(state.token);
  $("signed-in").hidden = !state.token;
  $("who").textContent = state.token ? tx.signedIn + state.who : tx.public;
}

document.addEventListener("DOMContentLoaded", () => {
  $("period").value = defaultPeriod();
  $("sign-in").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", signOut);
  $("refresh").addEventListener("click", load);
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "vi" ? "en" : "vi";
    localStorage.setItem("innovex.lang", state.lang);
    translate(); load();
  });
  translate();
  subscribe();
  load();
});
