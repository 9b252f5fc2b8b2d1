//! An honest benchmark of listing: CPU per item, peak memory, wall time with prefetch, and
//! threads spawned, against a local loopback server. Linux only (it reads `/proc`).
//!
//! ```sh
//! cargo run --release --example bench             # the full run (about half a minute)
//! cargo run --example bench -- --smoke            # small sizes, a few seconds (CI)
//! cargo run --release --example bench -- --instructions   # section 6 alone
//! ```
//!
//! The server runs in a child process (this program, re-executed with `serve`), so its CPU
//! is not counted; it serves realistic company and subscription pages of any size and
//! length, with an optional delay per page. What is measured:
//!
//! 1. CPU per item of `items()` against a floor: plain `ureq` GETs whose bodies are decoded
//!    by `serde_json` into the SDK's own `Page<T>`, each item moved out by value. CPU is
//!    this process's CPU clock (`CLOCK_PROCESS_CPUTIME_ID`: every thread, exited ones
//!    included), best of several rounds, divided by the items read. The ratio is the cost of the SDK's executor (auth
//!    header, limiter, retries, status check) and pager over the floor.
//! 2. Peak memory: `VmHWM` from `/proc/self/status` of a child process that runs only one
//!    loop (`ru_maxrss` is not used: Linux carries it over across `exec`), against a child
//!    that only builds the client.
//! 3. Wall time of a listing whose every page takes a fixed latency: sequential against
//!    `prefetch(8)`, without a rate limit and with the default one (1000 in any minute).
//! 4. Threads spawned per request: the gap between the thread ids of two probe threads
//!    started before and after the requests (Linux hands out ids in order, so the gap counts
//!    every thread started meanwhile, by any process: an upper bound, best of 3 rounds).
//!    ureq's default resolver starts one per request when a global timeout is set; the
//!    SDK's resolver does not.
//! 5. Decoding alone, no network: one page into `Page<Company>` the SDK's way (from the
//!    body's bytes checked as UTF-8 in place) against a `String` copy first, `from_slice`,
//!    and untyped `serde_json::Value`.
//! 6. The rate limiter (alone: `-- --limiter`): a 100-call job under the budget, without a
//!    limiter and with each kind; then a job of twice the budget against a server that
//!    enforces the same budget with 429s (a sliding window of successful calls, counted when
//!    it answers): calls in the busiest window, and 429s. The window is scaled down (120
//!    calls per 6 s, a tenth of a minute) so the job takes seconds, not minutes.
//! 7. Instructions and CPU per item, each side in its own process (so one loop's heap does
//!    not bill the other): the floor and `items()` over companies (the field notes' mix of
//!    date shapes), subscriptions, webhooks, quotes and a webhook's delivery logs (each log
//!    with one to three calls, each call with the delivery it sent; their floor decodes into
//!    plain types of the same fields, see [`FloorLog`]), and the date parser alone on the
//!    companies' dates. Instructions are counted by `valgrind --tool=callgrind` (exact, and
//!    they do not move with the machine's load) when valgrind is installed and this is not
//!    a smoke run; CPU is the child's CPU clock, least of several rounds.

use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pax8::models::{Company, QuoteList, Subscription, Timestamp, Webhook, WebhookDeliveryStatus};
use pax8::{Client, Page, Uuid};

/// The sizes of one run.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    /// Part 1: pages per round, items per page, rounds.
    cpu_pages: u32,
    per_page: u32,
    rounds: usize,
    /// Part 2: the two listing lengths.
    mem_items: [u32; 2],
    /// Part 3: pages and latency per page; then a shorter listing at Pax8's usual latency.
    wall_pages: u32,
    latency: Duration,
    slow_pages: u32,
    slow_latency: Duration,
    /// Part 4: requests per round.
    thread_requests: u32,
}

const FULL: Sizes = Sizes {
    cpu_pages: 50,
    per_page: 200,
    rounds: 15,
    mem_items: [1_000, 200_000],
    wall_pages: 100,
    latency: Duration::from_millis(50),
    slow_pages: 20,
    slow_latency: Duration::from_millis(200),
    thread_requests: 100,
};

const SMOKE: Sizes = Sizes {
    cpu_pages: 4,
    per_page: 50,
    rounds: 1,
    mem_items: [1_000, 5_000],
    wall_pages: 8,
    latency: Duration::from_millis(10),
    slow_pages: 4,
    slow_latency: Duration::from_millis(20),
    thread_requests: 10,
};

/// Pages of this size in parts 2 to 4 (the SDK's default when iterating).
const PAGE: u32 = 200;
const PREFETCH: usize = 8;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !cfg!(target_os = "linux") {
        println!("the bench reads /proc and runs on Linux only");
        return;
    }
    match args.first().map(String::as_str) {
        Some("serve") => server::run(),
        Some("memory") => memory_child(&args[1..]),
        Some("side") => instructions::child(&args[1..]),
        Some("--instructions") => instructions::section(&Server::start(), false),
        _ => {
            let smoke = args.iter().any(|a| a == "--smoke") || std::env::var_os("PAX8_BENCH_SMOKE").is_some();
            if args.iter().any(|a| a == "--limiter") {
                limiter::run(&Server::start(), smoke);
            } else {
                run(if smoke { SMOKE } else { FULL }, smoke);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The two kinds of list, read the SDK's way and the floor's way.

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Companies,
    Subscriptions,
    Webhooks,
    Quotes,
    /// The delivery logs of one webhook ([`LOGS_OF`]), each with a call history.
    WebhookLogs,
}

/// The webhook whose delivery logs the server lists.
const LOGS_OF: Uuid = Uuid::from_u128(0x5d2a_6f0e_3b1c_4c8e_9f7a_1e2d_3c4b_5a69);

impl Kind {
    fn path(self) -> &'static str {
        match self {
            Kind::Companies => "companies",
            Kind::Subscriptions => "subscriptions",
            Kind::Webhooks => "webhooks",
            Kind::Quotes => "quotes",
            Kind::WebhookLogs => "webhook-logs",
        }
    }

    /// The URL of page `number` under `base`: the family's prefix and page-size parameter.
    fn url(self, base: &str, number: u32, per_page: u32) -> String {
        let (prefix, size) = match self {
            Kind::WebhookLogs => {
                return format!("{base}/api/v2/webhooks/{LOGS_OF}/logs?page={number}&size={per_page}");
            }
            Kind::Companies | Kind::Subscriptions => ("v1", "size"),
            Kind::Webhooks => ("api/v2", "size"),
            Kind::Quotes => ("v2", "limit"),
        };
        format!("{base}/{prefix}/{}?page={number}&{size}={per_page}", self.path())
    }

    fn from_name(name: &str) -> Kind {
        [Kind::Companies, Kind::Subscriptions, Kind::Webhooks, Kind::Quotes, Kind::WebhookLogs]
            .into_iter()
            .find(|k| k.path() == name)
            .unwrap_or_else(|| panic!("unknown list {name}"))
    }
}

/// `items()` over the whole listing, checking that item `i` has id `i`; returns the count.
fn sdk_items(client: &Client, kind: Kind, per_page: u32, prefetch: usize) -> u64 {
    fn check(n: u64, id: impl Into<Uuid>) -> u64 {
        assert_eq!(id.into(), Uuid::from_u128(u128::from(n)), "item {n} out of order");
        n + 1
    }
    match kind {
        Kind::Companies => client
            .companies()
            .list()
            .page_size(per_page)
            .prefetch(prefetch)
            .items()
            .fold(0, |n, c| check(n, black_box(c.expect("a company")).id)),
        Kind::Subscriptions => client
            .subscriptions()
            .list()
            .page_size(per_page)
            .prefetch(prefetch)
            .items()
            .fold(0, |n, s| check(n, black_box(s.expect("a subscription")).id)),
        Kind::Webhooks => client
            .webhooks()
            .list()
            .page_size(per_page)
            .prefetch(prefetch)
            .items()
            .fold(0, |n, w| check(n, black_box(w.expect("a webhook")).id)),
        Kind::Quotes => client
            .quotes()
            .list()
            .page_size(per_page)
            .prefetch(prefetch)
            .items()
            .fold(0, |n, q| check(n, black_box(q.expect("a quote")).id)),
        Kind::WebhookLogs => client
            .webhooks()
            .logs(LOGS_OF)
            .page_size(per_page)
            .prefetch(prefetch)
            .items()
            .fold(0, |n, l| check(n, black_box(l.expect("a delivery log")).id)),
    }
}

/// The webhook-logs floor's plain types: the fields of `WebhookLog` and `WebhookCall`, each
/// decoded by serde's derive in the one pass over the page (ids as `Uuid`, statuses as the
/// SDK's enum, dates by the SDK's `Timestamp` parser), each call's `payload` kept as its JSON
/// text (`Box<RawValue>`), which is what the SDK keeps until its envelope is first read.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct FloorLog {
    id: Uuid,
    #[allow(dead_code)]
    webhook_id: Uuid,
    #[allow(dead_code)]
    webhook_name: String,
    #[allow(dead_code)]
    final_status: Option<WebhookDeliveryStatus>,
    #[serde(default)]
    call_history: Vec<FloorCall>,
    #[allow(dead_code)]
    created_at: Option<Timestamp>,
}

/// One call of a [`FloorLog`].
#[allow(dead_code)]
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct FloorCall {
    id: Uuid,
    timestamp: Option<Timestamp>,
    status: Option<WebhookDeliveryStatus>,
    error_message: Option<String>,
    http_status_code: Option<i32>,
    payload: Option<Box<serde_json::value::RawValue>>,
}

/// The floor: plain `ureq` GETs, each body decoded by `serde_json` into `Page<T>` (or the
/// quotes list; for delivery logs `Page<FloorLog>`), each item then moved out by value as `items()` hands it out; checks ids
/// as [`sdk_items`] does and returns the count.
fn floor_items(agent: &ureq::Agent, base: &str, kind: Kind, per_page: u32) -> u64 {
    fn page<P: serde::de::DeserializeOwned>(agent: &ureq::Agent, url: &str) -> P {
        let resp = agent
            .get(url)
            .header("Authorization", "Bearer bench")
            .header("Accept", "application/json")
            .call()
            .expect("a page");
        let mut body = Vec::new();
        resp.into_body().into_reader().read_to_end(&mut body).expect("a body");
        // serde_json's fastest way from bytes (section 5): check UTF-8, then parse the str.
        serde_json::from_str(std::str::from_utf8(&body).expect("UTF-8")).expect("a page of the right type")
    }
    /// Moves each item of `p` out, checking its id as [`sdk_items`] does; whether it was
    /// the last page.
    fn take<T>(n: &mut u64, p: Page<T>, id: fn(&T) -> Uuid) -> bool {
        let last = p.is_last();
        for item in p.items {
            assert_eq!(id(&black_box(item)), Uuid::from_u128(u128::from(*n)), "item {n} out of order");
            *n += 1;
        }
        last
    }
    let mut n = 0u64;
    for number in 0.. {
        let url = kind.url(base, number, per_page);
        // Each item handed out by value, as `items()` hands it to its caller.
        let last = match kind {
            Kind::Companies => take(&mut n, page::<Page<Company>>(agent, &url), |c| c.id.into()),
            Kind::Subscriptions => take(&mut n, page::<Page<Subscription>>(agent, &url), |s| s.id.into()),
            Kind::Webhooks => take(&mut n, page::<Page<Webhook>>(agent, &url), |w| w.id.into()),
            Kind::Quotes => take(&mut n, page::<QuoteList>(agent, &url).page, |q| q.id.into()),
            Kind::WebhookLogs => take(&mut n, page::<Page<FloorLog>>(agent, &url), |l| {
                assert!(!l.call_history.is_empty(), "a log with its calls");
                l.id
            }),
        };
        if last {
            break;
        }
    }
    n
}

fn client(base: &str, rate_limited: bool) -> Client {
    let b = Client::builder().base_url(base).access_token("bench").no_proxy();
    let b = if rate_limited { b } else { b.no_rate_limit() };
    b.build().expect("a client")
}

fn plain_agent(timeout: Option<Duration>) -> ureq::Agent {
    ureq::Agent::config_builder().proxy(None).timeout_global(timeout).build().into()
}

// ---------------------------------------------------------------------------------------
// Measuring.

/// CPU time of this process: every thread, exited ones included.
fn process_cpu() -> Duration {
    use std::ffi::{c_int, c_long};
    #[repr(C)]
    struct Timespec {
        tv_sec: c_long,
        tv_nsec: c_long,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: c_int, ts: *mut Timespec) -> c_int;
    }
    const CLOCK_PROCESS_CPUTIME_ID: c_int = 2;
    let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is Linux's constant.
    let rc = unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// CPU per item of one run of `f` (which returns the items it read).
fn cpu_per_item(f: impl FnOnce() -> u64) -> Duration {
    let start = process_cpu();
    let items = f();
    (process_cpu() - start) / items.max(1) as u32
}

/// CPU per item of each of `runs` in each of `rounds` rounds; the runs take turns in each
/// round, so that a noisy moment on the machine hits all of them alike.
fn cpu_rounds<const N: usize>(rounds: usize, runs: [&dyn Fn() -> u64; N]) -> [Vec<Duration>; N] {
    let mut all: [Vec<Duration>; N] = std::array::from_fn(|_| Vec::with_capacity(rounds));
    for _ in 0..rounds {
        for (times, f) in all.iter_mut().zip(runs) {
            times.push(cpu_per_item(f));
        }
    }
    all
}

/// The least of one run's rounds.
fn least(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap_or_default()
}

/// The median over the rounds of `a / b` within each round.
fn median_ratio(a: &[Duration], b: &[Duration]) -> f64 {
    let mut r: Vec<f64> = a.iter().zip(b).map(|(a, b)| ratio(*a, *b)).collect();
    r.sort_by(f64::total_cmp);
    r.get(r.len() / 2).copied().unwrap_or(f64::NAN)
}

/// A `kB` line of `/proc/self/status`.
fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The thread id of a new probe thread.
fn probe_tid() -> u64 {
    std::thread::spawn(|| {
        std::fs::read_link("/proc/thread-self")
            .ok()
            .and_then(|p| p.file_name()?.to_str()?.parse().ok())
            .expect("/proc/thread-self")
    })
    .join()
    .expect("the probe thread")
}

/// Threads started while `f` runs (an upper bound: see the module docs), best of 3.
fn threads_started(mut f: impl FnMut()) -> u64 {
    (0..3)
        .map(|_| {
            let before = probe_tid();
            f();
            probe_tid().saturating_sub(before + 1)
        })
        .min()
        .unwrap_or(0)
}

/// Runs `f` once and returns its wall time.
fn wall(f: impl FnOnce() -> u64, expected: u64) -> Duration {
    let start = Instant::now();
    let n = f();
    let elapsed = start.elapsed();
    assert_eq!(n, expected, "every item, once");
    elapsed
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn ns(d: Duration) -> String {
    format!("{} ns", d.as_nanos())
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-12)
}

// ---------------------------------------------------------------------------------------
// The run.

/// The server child process; it exits when its standard input closes (when this process
/// ends, however it ends).
struct Server {
    child: std::process::Child,
    port: u16,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(std::env::current_exe().expect("this program"))
            .arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server process");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("its stdout")).read_line(&mut line).expect("its port");
        let port = line.trim().strip_prefix("PORT ").and_then(|p| p.parse().ok()).expect("PORT <n>");
        Server { child, port }
    }

    /// Base URL of a listing of `total` items whose pages each take `latency`.
    fn base(&self, total: u32, latency: Duration) -> String {
        format!("http://127.0.0.1:{}/d/{}/n/{total}", self.port, latency.as_millis())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

fn run(s: Sizes, smoke: bool) {
    let server = Server::start();
    let mode = if smoke { "smoke run: small sizes, the figures mean little" } else { "full run" };
    println!("pax8 bench ({mode})");
    println!("server: a loopback HTTP/1.1 server in a child process (its CPU is not counted)\n");

    // 1. CPU per item.
    let total = s.cpu_pages * s.per_page;
    println!(
        "1. CPU per item: {} pages x {} items, no rate limit; this process's CPU clock over {} rounds",
        s.cpu_pages, s.per_page, s.rounds
    );
    println!("   the runs take turns in each round; times: the least round; ratios: the median of each round's");
    println!("   floor = plain ureq GETs, bodies decoded by serde_json into pax8::Page<T>, items moved out by value\n");
    println!("   {:<14} {:>10} {:>10} {:>7} {:>16} {:>7}", "list", "floor", "items()", "ratio", "prefetch(8)", "ratio");
    for kind in [Kind::Companies, Kind::Subscriptions] {
        let base = server.base(total, Duration::ZERO);
        let agent = plain_agent(None);
        let sdk = client(&base, false);
        // Warm up connections and allocator.
        assert_eq!(floor_items(&agent, &base, kind, s.per_page), u64::from(total));
        assert_eq!(sdk_items(&sdk, kind, s.per_page, 0), u64::from(total));
        let [floor, seq, pre] = cpu_rounds(
            s.rounds,
            [&|| floor_items(&agent, &base, kind, s.per_page), &|| sdk_items(&sdk, kind, s.per_page, 0), &|| {
                sdk_items(&sdk, kind, s.per_page, PREFETCH)
            }],
        );
        println!(
            "   {:<14} {:>10} {:>10} {:>7.2} {:>16} {:>7.2}",
            kind.path(),
            ns(least(&floor)),
            ns(least(&seq)),
            median_ratio(&seq, &floor),
            ns(least(&pre)),
            median_ratio(&pre, &floor)
        );
    }

    // 2. Peak memory.
    println!("\n2. Peak memory: VmHWM of a child process running only that loop (subscriptions, pages of {PAGE})\n");
    println!("   {:<40} {:>12} {:>12}", "loop", "VmHWM", "above base");
    let base_kib = memory(&server, 0, "baseline");
    println!("   {:<40} {:>9} kB {:>12}", "client built, nothing fetched", base_kib, "");
    for items in s.mem_items {
        for (label, mode) in [("floor", "floor"), ("items()", "sdk"), ("items(), prefetch(8)", "prefetch")] {
            let kib = memory(&server, items, mode);
            println!(
                "   {:<40} {:>9} kB {:>9} kB",
                format!("{label} over {items} items"),
                kib,
                kib.saturating_sub(base_kib)
            );
        }
    }

    // 3. Wall time.
    println!("\n3. Wall time: sequential items() against prefetch(8), one run each, pages of {PAGE}\n");
    println!("   {:<40} {:>10} {:>12} {:>8} {:>14}", "listing", "sequential", "prefetch(8)", "speedup", "bound");
    for (pages, latency) in [(s.wall_pages, s.latency), (s.slow_pages, s.slow_latency)] {
        let items = pages * PAGE;
        let base = server.base(items, latency);
        for limited in [false, true] {
            let seq = wall(|| sdk_items(&client(&base, limited), Kind::Companies, PAGE, 0), items.into());
            let pre = wall(|| sdk_items(&client(&base, limited), Kind::Companies, PAGE, PREFETCH), items.into());
            // The best prefetch(8) can do: the first page alone, then 8 pages per latency;
            // the default limit (at most 1000 calls in any minute, no spacing) does not slow
            // a listing of fewer pages.
            let bound = latency * (1 + (pages - 1).div_ceil(PREFETCH as u32));
            let label = format!(
                "{pages} pages at {} ms, {}",
                latency.as_millis(),
                if limited { "default rate limit" } else { "no rate limit" }
            );
            println!(
                "   {:<40} {:>10} {:>12} {:>7.1}x {:>14}",
                label,
                ms(seq),
                ms(pre),
                ratio(seq, pre),
                format!(">= {}", ms(bound))
            );
        }
    }

    // 4. Threads.
    let n = s.thread_requests;
    println!("\n4. Threads started for {n} requests (thread-id gap of two probes; an upper bound, least of 3)\n");
    let base = server.base(n * 10, Duration::ZERO);
    let timed = plain_agent(Some(pax8::DEFAULT_TIMEOUT));
    let untimed = plain_agent(None);
    let sdk = client(&base, false);
    let items = u64::from(n * 10);
    let row = |label: &str, f: &dyn Fn() -> u64| {
        assert_eq!(f(), items, "every item, once"); // warm up: connections are pooled after this
        println!("   {:<50} {:>5}", label, threads_started(|| assert_eq!(f(), items)));
    };
    row("plain ureq, 60 s global timeout (the SDK before)", &|| floor_items(&timed, &base, Kind::Companies, 10));
    row("plain ureq, no timeout", &|| floor_items(&untimed, &base, Kind::Companies, 10));
    row("SDK items(), 60 s timeout", &|| sdk_items(&sdk, Kind::Companies, 10, 0));
    row("SDK items(), prefetch(8)", &|| sdk_items(&sdk, Kind::Companies, 10, PREFETCH));

    // 5. Decoding alone.
    let body = server::page_json(Kind::Companies, u64::from(s.per_page), 0, u64::from(s.per_page)).into_bytes();
    println!(
        "\n5. Decoding alone: one page of {} companies ({} KiB), 20 decodes per round, {} rounds (as in 1.)\n",
        s.per_page,
        body.len() / 1024,
        s.rounds
    );
    let items = 20 * u64::from(s.per_page);
    let run = |f: fn(&[u8])| {
        let body = &body;
        move || {
            (0..20).for_each(|_| f(black_box(body)));
            items
        }
    };
    let [sdk_way, via_string, from_slice, untyped] = cpu_rounds(
        s.rounds,
        [
            &run(|b| _ = black_box(serde_json::from_str::<Page<Company>>(std::str::from_utf8(b).unwrap()))),
            &run(|b| {
                _ = black_box(serde_json::from_str::<Page<Company>>(&String::from_utf8(black_box(b.to_vec())).unwrap()))
            }),
            &run(|b| _ = black_box(serde_json::from_slice::<Page<Company>>(b))),
            &run(|b| _ = black_box(serde_json::from_slice::<serde_json::Value>(b))),
        ],
    );
    println!("   {:<60} {:>10} {:>7}", "decoder", "per item", "ratio");
    for (label, d) in [
        ("Page<Company> from the bytes checked as UTF-8 (the SDK)", &sdk_way),
        ("Page<Company> via a String copy (the SDK before 0.2)", &via_string),
        ("Page<Company> with serde_json::from_slice", &from_slice),
        ("serde_json::Value (untyped)", &untyped),
    ] {
        println!("   {:<60} {:>10} {:>7.2}", label, ns(least(d)), median_ratio(d, &sdk_way));
    }
    limiter::run(&server, smoke);

    // 7. Instructions and CPU, each side in its own process.
    instructions::section(&server, smoke);
    println!("\n(reproduce: cargo run --release --example bench; small sizes: -- --smoke)");
}

/// Runs the memory child for `items` subscriptions in `mode` and returns its VmHWM.
fn memory(server: &Server, items: u32, mode: &str) -> u64 {
    let out = Command::new(std::env::current_exe().expect("this program"))
        .args(["memory", &server.base(items, Duration::ZERO), &items.to_string(), mode])
        .stderr(Stdio::inherit())
        .output()
        .expect("the memory child");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "memory child failed: {text}");
    text.lines()
        .find_map(|l| l.strip_prefix("VmHWM "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM in {text:?}"))
}

/// `memory <base> <items> <baseline|floor|sdk|prefetch>`: one loop, then its peak memory.
fn memory_child(args: &[String]) {
    let [base, items, mode] = args else { panic!("memory <base> <items> <mode>") };
    let items: u64 = items.parse().expect("a count");
    let sdk = client(base, false);
    let agent = plain_agent(None);
    let read = match mode.as_str() {
        "baseline" => 0,
        "floor" => floor_items(&agent, base, Kind::Subscriptions, PAGE),
        "sdk" => sdk_items(&sdk, Kind::Subscriptions, PAGE, 0),
        "prefetch" => sdk_items(&sdk, Kind::Subscriptions, PAGE, PREFETCH),
        other => panic!("unknown mode {other}"),
    };
    assert_eq!(read, if mode == "baseline" { 0 } else { items }, "every item, once");
    println!("VmHWM {}", status_kib("VmHWM:"));
}

// ---------------------------------------------------------------------------------------
// The loopback server.

mod server {
    use super::*;
    use std::fmt::Write as _;

    /// Connections served at once (each kept-alive connection holds a thread).
    const THREADS: usize = 64;

    /// Serves until standard input closes. Paths: `/d/{delay ms}/n/{items}/v1/{companies|
    /// subscriptions}?page=&size=`; item `i` has id `i`.
    pub fn run() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        println!("PORT {}", listener.local_addr().expect("its address").port());
        std::io::stdout().flush().expect("stdout");
        // Every thread is started now, none per connection: the thread count of part 4
        // (which sees thread ids of every process) must not include the server's.
        for _ in 0..THREADS {
            let listener = listener.try_clone().expect("the listener");
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    connection(stream);
                }
            });
        }
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
    }

    /// Answers requests on one kept-alive connection until the client closes it.
    fn connection(stream: TcpStream) {
        let _ = stream.set_nodelay(true);
        let Ok(read_half) = stream.try_clone() else { return };
        let mut reader = BufReader::new(read_half);
        let mut out = stream;
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let target = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line.trim_end().is_empty() {
                    break;
                }
            }
            let (status, body, delay) = respond(&target);
            std::thread::sleep(delay);
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            if out.write_all(head.as_bytes()).and_then(|()| out.write_all(body.as_bytes())).is_err() {
                return;
            }
        }
    }

    fn respond(target: &str) -> (&'static str, String, Duration) {
        if let Some(rest) = target.strip_prefix("/rl/") {
            return super::limiter::respond(rest);
        }
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let (delay, total, kind) = match parts[..] {
            ["d", delay, "n", total, "v1", kind @ ("companies" | "subscriptions")]
            | ["d", delay, "n", total, "api", "v2", kind @ "webhooks"]
            | ["d", delay, "n", total, "v2", kind @ "quotes"] => (delay, total, Kind::from_name(kind)),
            ["d", delay, "n", total, "api", "v2", "webhooks", _, "logs"] => (delay, total, Kind::WebhookLogs),
            _ => return ("404 Not Found", r#"{"type":"NOT_FOUND","message":"no such list"}"#.into(), Duration::ZERO),
        };
        let param = |k: &str| {
            query.split('&').find_map(|kv| kv.strip_prefix(k)?.strip_prefix('=')).and_then(|v| v.parse::<u64>().ok())
        };
        let delay = Duration::from_millis(delay.parse().unwrap_or(0));
        let size = param("size").or_else(|| param("limit")).unwrap_or(10);
        let body = page_json(kind, total.parse().unwrap_or(0), param("page").unwrap_or(0), size);
        ("200 OK", body, delay)
    }

    /// Page `number` (of `size` items) of a listing of `total` items; item `i` has id `i`.
    pub fn page_json(kind: Kind, total: u64, number: u64, size: u64) -> String {
        let size = size.max(1);
        let first = (number * size).min(total);
        let last = ((number + 1) * size).min(total);
        let mut body = String::with_capacity(((last - first) * 600 + 200) as usize);
        body.push_str(r#"{"content":["#);
        for i in first..last {
            if i > first {
                body.push(',');
            }
            match kind {
                Kind::Companies => company(&mut body, i),
                Kind::Subscriptions => subscription(&mut body, i),
                Kind::Webhooks => webhook(&mut body, i),
                Kind::Quotes => quote(&mut body, i),
                Kind::WebhookLogs => webhook_log(&mut body, i),
            }
        }
        let _ = write!(
            body,
            r#"],"page":{{"size":{size},"totalElements":{total},"totalPages":{},"number":{number}}}"#,
            total.div_ceil(size)
        );
        if kind == Kind::Quotes {
            body.push_str(r#","statusCounts":{"draft":12,"assigned":3,"sent":20,"closed":1,"declined":4,"accepted":9,"changesRequested":2,"expired":5,"pending":null}"#);
        }
        body.push('}');
        body
    }

    /// The `updatedDate` of company `i`, in the field notes' mix of shapes: half with a
    /// `-0600` offset, then microseconds in UTC, a date alone, a space for `T` with a `-06`
    /// offset, and one in ten absent.
    pub fn company_date(i: u64) -> Option<&'static str> {
        match i % 10 {
            0..5 => Some("2023-08-11T11:33:12.314-0600"),
            5 | 6 => Some("2020-02-28T16:28:15.952628Z"),
            7 => Some("2020-12-03"),
            8 => Some("2023-08-11 11:33:12-06"),
            _ => None,
        }
    }

    /// A company as the official example has it, its `updatedDate` from [`company_date`].
    fn company(out: &mut String, i: u64) {
        let _ = write!(
            out,
            r#"{{"id":"{}","name":"Company {i} Cloud Communications","address":{{"street":"{} N Winterhold Drive","city":"Dayton","postalCode":"82691","country":"US","stateOrProvince":"Utah"}},"phone":"123-456-5555","website":"company-{i}.example.com","status":"{}","externalId":"A{i}","selfServiceAllowed":{},"billOnBehalfOfEnabled":{},"orderApprovalRequired":false{}}}"#,
            Uuid::from_u128(u128::from(i)),
            1000 + i % 9000,
            if i.is_multiple_of(7) { "Inactive" } else { "Active" },
            i.is_multiple_of(3),
            i.is_multiple_of(2),
            company_date(i).map(|d| format!(r#","updatedDate":"{d}""#)).unwrap_or_default(),
        );
    }

    /// A webhook as the official example has it (two topics, one with filters).
    fn webhook(out: &mut String, i: u64) {
        let _ = write!(
            out,
            r#"{{"id":"{}","accountId":"0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a","displayName":"PSA sync {i}","url":"https://psa.example.com/pax8/events/{i}","authorization":"Bearer s3cr3t-demo","active":{},"contactEmail":"ops@example.com","errorThreshold":5,"webhookTopics":[{{"id":"{}","topic":"subscription.updated","filters":[{{"action":"QUANTITY_CHANGED","conditions":[{{"field":"companyId","operator":"IN","value":["3f1e2d4c-1111-4222-8333-944455566677"]}},{{"field":"quantity","operator":"GREATER_THAN","value":["10"]}}]}}]}},{{"id":"{}","topic":"order.created","filters":[]}}],"lastDeliveryStatus":"{}","createdAt":"2025-01-15T09:30:00Z","updatedAt":"2025-02-01T12:00:00.500Z"}}"#,
            Uuid::from_u128(u128::from(i)),
            !i.is_multiple_of(5),
            Uuid::from_u128(u128::from(4_000_000 + i)),
            Uuid::from_u128(u128::from(5_000_000 + i)),
            if i.is_multiple_of(9) { "FAILURE" } else { "SUCCESS" },
        );
    }

    /// A delivery log as the official example has it: one to three calls (retried, then
    /// failed or delivered), each with the full delivery it sent (a `subscription.updated`
    /// envelope and its subscription, as the field notes show one).
    fn webhook_log(out: &mut String, i: u64) {
        let calls = 1 + i % 3;
        let _ = write!(
            out,
            r#"{{"id":"{}","webhookId":"{LOGS_OF}","webhookName":"PSA sync","finalStatus":"{}","callHistory":["#,
            Uuid::from_u128(u128::from(i)),
            if i % 3 == 2 { "FAILED" } else { "SUCCESS" },
        );
        for c in 0..calls {
            if c > 0 {
                out.push(',');
            }
            let last = c + 1 == calls;
            let (status, code, error) = match (last, i % 3 == 2) {
                (true, false) => ("SUCCESS", 200, String::new()),
                (true, true) => ("FAILED", 500, r#","errorMessage":"Internal Server Error""#.to_owned()),
                (false, _) => ("RETRYING", 503, r#","errorMessage":"Service Unavailable""#.to_owned()),
            };
            let _ = write!(
                out,
                r#"{{"id":"{}","timestamp":"2025-03-02T14:0{c}:01.250Z","status":"{status}","httpStatusCode":{code}{error},"payload":{{"accountId":"0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a","url":"https://psa.example.com/pax8/events","webhookId":"{LOGS_OF}","sentAt":"2025-03-02T14:00:00.123Z","webhookTopic":{{"id":"a1b2c3d4-e5f6-4789-8abc-def012345678","topic":"subscription.updated","filters":[]}},"payloadData":{{"id":"{}","companyId":"3f1e2d4c-1111-4222-8333-944455566677","productId":"c4d5e6f7-0819-4a2b-8c3d-4e5f60718293","quantity":{},"status":"Active","billingTerm":"Monthly","startDate":"2025-01-01T00:00:00Z","createdDate":"2025-01-01T00:00:00Z","price":20.5,"currencyCode":"USD"}}}}}}"#,
                Uuid::from_u128(u128::from(7_000_000 + i * 3 + c)),
                Uuid::from_u128(u128::from(8_000_000 + i)),
                1 + i % 50,
            );
        }
        out.push_str(r#"],"createdAt":"2025-03-02T08:00:00.000-0600"}"#);
    }

    /// A quote summary as the official example has it.
    fn quote(out: &mut String, i: u64) {
        let _ = write!(
            out,
            r#"{{"id":"{}","referenceCode":"Q-2024-{i:04}","status":"{}","intentType":"PARTNER_TO_CLIENT","client":{{"id":"{}","isShadowCompany":false,"name":"Contoso {i}"}},"partner":{{"id":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d","name":"Fabrikam MSP"}},"ownedBy":{{"id":"c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f","email":"jo@fabrikam.example","fullName":"Jo Smith","role":"Admin"}},"createdBy":"Jo Smith","createdOn":"2024-03-01T09:30:00.000Z","updatedOn":"2024-03-02T10:00:00.000Z","publishedOn":"2024-03-02T10:00:00.000Z","published":true,"lineItemCounts":{{"custom":1,"msp":2,"total":3}},"totals":{{"initialTotal":{{"amount":{}.99,"currency":"USD"}},"recurringTotal":{{"amount":220.10,"currency":"USD"}}}}}}"#,
            Uuid::from_u128(u128::from(i)),
            if i.is_multiple_of(4) { "draft" } else { "sent" },
            Uuid::from_u128(u128::from(6_000_000 + i % 300)),
            10 + i % 90,
        );
    }

    /// A subscription as the official example has it.
    fn subscription(out: &mut String, i: u64) {
        let _ = write!(
            out,
            r#"{{"id":"{}","companyId":"{}","productId":"{}","quantity":{},"startDate":"2021-01-01T08:30:00Z","createdDate":"2020-12-03","billingStart":"2021-01-01","status":"{}","price":{}.50,"partnerCost":{}.25,"currencyCode":"USD","productName":"Microsoft 365 Business Standard","billingTerm":"Monthly","commitment":{{"id":"{}","term":"1-Year","endDate":"2025-12-31T00:00:00Z"}}}}"#,
            Uuid::from_u128(u128::from(i)),
            Uuid::from_u128(u128::from(1_000_000 + i % 500)),
            Uuid::from_u128(u128::from(2_000_000 + i % 40)),
            1 + i % 50,
            if i.is_multiple_of(11) { "Cancelled" } else { "Active" },
            10 + i % 90,
            8 + i % 80,
            Uuid::from_u128(u128::from(3_000_000 + i % 3)),
        );
    }
}

// ---------------------------------------------------------------------------------------
// 6. The rate limiter.

mod limiter {
    use super::*;
    use pax8::ratelimit::{RateLimiter, SmoothRateLimiter, WindowRateLimiter};
    use std::collections::{HashMap, VecDeque};
    use std::sync::{Arc, Mutex};

    /// What the server of one budget saw: its window, the answer times of the successful
    /// calls (the last window's, and all), and the 429s.
    #[derive(Default)]
    struct Budget {
        window: Duration,
        recent: VecDeque<Instant>,
        all: Vec<Instant>,
        refused: u64,
    }

    static BUDGETS: Mutex<Option<HashMap<String, Budget>>> = Mutex::new(None);

    /// Server side. `{id}/{limit}/{window ms}/d/{delay ms}/n/{items}/v1/companies?..`: a page
    /// after `delay`, or a 429 when `limit` calls already succeeded within the last `window`
    /// (counted when answered, as Pax8 counts successful calls). `{id}/stats`: what the
    /// budget `id` saw (successful calls, 429s, the most successful calls in any window).
    pub fn respond(rest: &str) -> (&'static str, String, Duration) {
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let parts: Vec<&str> = path.split('/').collect();
        if let [id, "stats"] = parts[..] {
            let b = BUDGETS.lock().unwrap().get_or_insert_with(HashMap::new).remove(id).unwrap_or_default();
            let most = most_in_window(&b.all, b.window);
            return ("200 OK", format!("{} {} {most}", b.all.len(), b.refused), Duration::ZERO);
        }
        let [id, limit, window, "d", delay, "n", total, "v1", "companies"] = parts[..] else {
            return ("404 Not Found", "{}".into(), Duration::ZERO);
        };
        let (limit, window) = (limit.parse().unwrap_or(1), Duration::from_millis(window.parse().unwrap_or(1000)));
        std::thread::sleep(Duration::from_millis(delay.parse().unwrap_or(0)));
        let now = Instant::now();
        {
            let mut budgets = BUDGETS.lock().unwrap();
            let b = budgets.get_or_insert_with(HashMap::new).entry(id.to_owned()).or_default();
            b.window = window;
            while b.recent.front().is_some_and(|&t| t + window <= now) {
                b.recent.pop_front();
            }
            if b.recent.len() >= limit {
                b.refused += 1;
                let body = r#"{"type":"TOO_MANY_REQUESTS","message":"slow down"}"#;
                return ("429 Too Many Requests", body.into(), Duration::ZERO);
            }
            b.recent.push_back(now);
            b.all.push(now);
        }
        let param = |k: &str| {
            query.split('&').find_map(|kv| kv.strip_prefix(k)?.strip_prefix('=')).and_then(|v| v.parse::<u64>().ok())
        };
        let body = server::page_json(
            Kind::Companies,
            total.parse().unwrap_or(0),
            param("page").unwrap_or(0),
            param("size").unwrap_or(10),
        );
        ("200 OK", body, Duration::ZERO)
    }

    /// The most calls within any window of `window` (each call's, ending at it).
    fn most_in_window(times: &[Instant], window: Duration) -> usize {
        let mut most = 0;
        let mut first = 0;
        for (j, &t) in times.iter().enumerate() {
            while times[first] + window <= t {
                first += 1;
            }
            most = most.max(j + 1 - first);
        }
        most
    }

    /// The limiters compared.
    #[derive(Debug, Clone, Copy)]
    enum Kind6 {
        None,
        /// The default since 1.0: a sliding window.
        Window,
        /// `smooth_rate_limit(true)`: the window with an even pace on top.
        WindowSmooth,
        /// The default before 1.0: an even pace alone (GCRA, a burst of a second's worth).
        Smooth,
    }

    impl Kind6 {
        fn label(self) -> &'static str {
            match self {
                Kind6::None => "no limiter",
                Kind6::Window => "sliding window (the default)",
                Kind6::WindowSmooth => "window + smooth_rate_limit(true)",
                Kind6::Smooth => "smooth alone (the default before 1.0)",
            }
        }

        /// A limiter of `limit` per `window`.
        fn limiter(self, limit: u32, window: Duration) -> Option<Arc<dyn RateLimiter>> {
            let per_second = (u128::from(limit) * 1000 / window.as_millis()).max(1) as u32;
            match self {
                Kind6::None => None,
                Kind6::Window => Some(Arc::new(WindowRateLimiter::new(limit, window))),
                Kind6::WindowSmooth => Some(Arc::new(WindowRateLimiter::new(limit, window).smooth())),
                Kind6::Smooth => Some(Arc::new(SmoothRateLimiter::with_interval(window / limit, per_second))),
            }
        }
    }

    /// One job: `calls` pages of 10 with prefetch(8) at `latency`, against a budget of
    /// `limit` per `window` enforced by the server; returns the wall time, the successful
    /// calls in the busiest window and the 429s.
    fn job(
        server: &Server,
        kind: Kind6,
        calls: u32,
        latency: Duration,
        limit: u32,
        window: Duration,
    ) -> (Duration, usize, u64) {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let id = format!("job{}", NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        let base = format!(
            "http://127.0.0.1:{}/rl/{id}/{limit}/{}/d/{}/n/{}",
            server.port,
            window.as_millis(),
            latency.as_millis(),
            calls * 10
        );
        let b = Client::builder()
            .base_url(&base)
            .access_token("bench")
            .no_proxy()
            .max_retries(30)
            .max_retry_wait(Duration::from_secs(600));
        let b = match kind.limiter(limit, window) {
            Some(l) => b.rate_limiter(l),
            None => b.no_rate_limit(),
        };
        let client = b.build().expect("a client");
        let started = Instant::now();
        let read = sdk_items(&client, super::Kind::Companies, 10, PREFETCH);
        let took = started.elapsed();
        assert_eq!(read, u64::from(calls * 10), "every item, once");
        let stats = plain_agent(None)
            .get(&format!("http://127.0.0.1:{}/rl/{id}/stats", server.port))
            .call()
            .expect("stats")
            .body_mut()
            .read_to_string()
            .expect("stats");
        let v: Vec<u64> = stats.split(' ').map(|x| x.parse().expect("a number")).collect();
        assert_eq!(v[0], u64::from(calls), "one successful call per page");
        (took, v[2] as usize, v[1])
    }

    pub fn run(server: &Server, smoke: bool) {
        // A job under the budget: 100 calls (20 when smoke) at 20 ms with prefetch(8),
        // against Pax8's budget of 1000 a minute (the server enforces it too).
        let (calls, latency) = (if smoke { 20 } else { 100 }, Duration::from_millis(20));
        let minute = Duration::from_secs(60);
        println!(
            "\n6. Rate limiter: a job under the budget, {calls} calls (pages of 10) at {} ms with prefetch(8),",
            latency.as_millis()
        );
        println!("   1000 calls a minute enforced by the server too; least of 3 runs\n");
        println!("   {:<40} {:>10} {:>8} {:>6}", "limiter", "wall", "ratio", "429s");
        let mut unlimited = Duration::ZERO;
        for kind in [Kind6::None, Kind6::Window, Kind6::WindowSmooth, Kind6::Smooth] {
            let runs: Vec<_> = (0..3).map(|_| job(server, kind, calls, latency, 1000, minute)).collect();
            let least = runs.iter().map(|r| r.0).min().expect("runs");
            let refused: u64 = runs.iter().map(|r| r.2).sum();
            if matches!(kind, Kind6::None) {
                unlimited = least;
            }
            println!("   {:<40} {:>10} {:>7.2}x {:>6}", kind.label(), ms(least), ratio(least, unlimited), refused);
        }

        // A job of twice the budget, scaled: 120 calls per 6 s window (a tenth of a minute;
        // smoke: 20 per second), 240 calls (smoke: 40).
        let (limit, window) = if smoke { (20, Duration::from_secs(1)) } else { (120, Duration::from_secs(6)) };
        let calls = 2 * limit;
        println!(
            "\n   A job of twice the budget: {calls} calls at {} ms with prefetch(8); the server allows {limit} successful",
            latency.as_millis()
        );
        println!(
            "   calls per sliding {} s window and answers 429 beyond (no Retry-After: the SDK backs off)\n",
            window.as_secs_f64()
        );
        println!("   {:<40} {:>10} {:>16} {:>14} {:>6}", "limiter", "wall", "busiest window", "avg per window", "429s");
        for kind in [Kind6::None, Kind6::Window, Kind6::WindowSmooth, Kind6::Smooth] {
            let (took, busiest, refused) = job(server, kind, calls, latency, limit, window);
            let rate = f64::from(calls) * window.as_secs_f64() / took.as_secs_f64();
            println!("   {:<40} {:>10} {:>16} {:>14.1} {:>6}", kind.label(), ms(took), busiest, rate, refused);
        }
    }
}

// ---------------------------------------------------------------------------------------
// 7. Instructions and CPU per item, each side in its own process.

mod instructions {
    use super::*;

    /// Items per listing and CPU rounds per child: the full run, then the smoke run.
    const FULL: (u32, usize) = (20_000, 10);
    const SMOKE: (u32, usize) = (400, 1);

    /// The lists of section 6, in the order of its rows.
    const KINDS: [Kind; 5] = [Kind::Companies, Kind::Subscriptions, Kind::Webhooks, Kind::Quotes, Kind::WebhookLogs];

    /// One child's figures: CPU per item, and instructions per item when counted.
    #[derive(Debug, Clone, Copy)]
    struct Figures {
        cpu_ns: f64,
        instructions: Option<f64>,
    }

    pub fn section(server: &Server, smoke: bool) {
        let (items, rounds) = if smoke { SMOKE } else { FULL };
        let valgrind = !smoke && std::env::var_os("PAX8_BENCH_NO_VALGRIND").is_none() && valgrind_works();
        println!(
            "\n7. Each side in its own process: {items} items, pages of {PAGE}, no rate limit; one child process per figure"
        );
        println!("   CPU: the child's CPU clock over the loop, least of {rounds} rounds after a warm-up run");
        if valgrind {
            println!(
                "   instructions: valgrind --tool=callgrind, counting only the loop (--toggle-collect), after a warm-up run"
            );
        } else {
            println!("   instructions: not counted ({})", if smoke { "smoke run" } else { "valgrind not found" });
        }
        println!("   floor = plain ureq GETs, bodies decoded by serde_json into the same types (same date parser)\n");
        println!(
            "   {:<14} {:>12} {:>12} {:>7} {:>14} {:>14} {:>7}",
            "list", "floor CPU", "items() CPU", "ratio", "floor instr.", "items() instr.", "ratio"
        );
        let instr = |f: &Figures| f.instructions.map_or("-".to_owned(), |i| format!("{i:.0}"));
        let ratio_of =
            |a: Option<f64>, b: Option<f64>| a.zip(b).map_or("-".to_owned(), |(a, b)| format!("{:.3}", a / b));
        let row = |label: &str, floor: &Figures, sdk: &Figures, note: &str| {
            println!(
                "   {:<14} {:>9.0} ns {:>9.0} ns {:>7.3} {:>14} {:>14} {:>7}{note}",
                label,
                floor.cpu_ns,
                sdk.cpu_ns,
                sdk.cpu_ns / floor.cpu_ns,
                instr(floor),
                instr(sdk),
                ratio_of(sdk.instructions, floor.instructions)
            );
        };
        let mut companies_sdk = None;
        for kind in KINDS {
            let base = server.base(items, Duration::ZERO);
            let [floor, sdk] = ["floor", "sdk"].map(|side| figures(kind, side, &base, items, rounds, valgrind));
            if kind == Kind::Companies {
                companies_sdk = Some(sdk);
            }
            row(kind.path(), &floor, &sdk, "");
        }
        // The companies again, read by a `for` loop (`next()` per item) rather than `fold`.
        let sdk = companies_sdk.expect("the companies row");
        let floor = figures(Kind::Companies, "floor", &server.base(items, Duration::ZERO), items, rounds, valgrind);
        let for_loop =
            figures(Kind::Companies, "sdk-for", &server.base(items, Duration::ZERO), items, rounds, valgrind);
        row("companies", &floor, &for_loop, "   (items() in a for loop: next() per item)");
        // The date parser alone on the same dates, against the companies' items().
        let dates = figures(Kind::Companies, "dates", &server.base(items, Duration::ZERO), items, rounds, valgrind);
        println!(
            "\n   date parser alone on the companies' updatedDate values (per company): {:.0} ns CPU ({:.1} % of items()), {} instructions ({} of items())",
            dates.cpu_ns,
            100.0 * dates.cpu_ns / sdk.cpu_ns,
            instr(&dates),
            dates.instructions.zip(sdk.instructions).map_or("-".to_owned(), |(d, s)| format!("{:.1} %", 100.0 * d / s))
        );
    }

    /// Whether `valgrind` runs here.
    fn valgrind_works() -> bool {
        Command::new("valgrind").arg("--version").output().is_ok_and(|o| o.status.success())
    }

    /// Runs the `side` child for `kind` (for CPU), then again under callgrind when asked.
    fn figures(kind: Kind, side: &str, base: &str, items: u32, rounds: usize, valgrind: bool) -> Figures {
        let exe = std::env::current_exe().expect("this program");
        let args = |rounds: usize| {
            ["side".to_owned(), kind.path().into(), side.into(), base.into(), items.to_string(), rounds.to_string()]
        };
        let out = Command::new(&exe).args(args(rounds)).stderr(Stdio::inherit()).output().expect("the child");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{} {side} child failed: {text}", kind.path());
        let cpu_ns = text
            .lines()
            .find_map(|l| l.strip_prefix("CPU_NS "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no CPU_NS in {text:?}"));
        let instructions = valgrind.then(|| {
            let file = std::env::temp_dir().join(format!(
                "pax8-bench-{}-{}-{side}.callgrind",
                std::process::id(),
                kind.path()
            ));
            let out = Command::new("valgrind")
                .arg("--tool=callgrind")
                .arg(format!("--callgrind-out-file={}", file.display()))
                .arg("--toggle-collect=*instructions::measured*")
                .arg(&exe)
                .args(args(1))
                .output()
                .expect("valgrind");
            assert!(out.status.success(), "callgrind child failed: {}", String::from_utf8_lossy(&out.stderr));
            let counts = std::fs::read_to_string(&file).expect("the callgrind output");
            let _ = std::fs::remove_file(&file);
            let total: f64 = counts
                .lines()
                .find_map(|l| l.strip_prefix("totals:").or_else(|| l.strip_prefix("summary:")))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .expect("a callgrind total");
            assert!(total > 0.0, "callgrind counted nothing in the loop");
            total / f64::from(items)
        });
        Figures { cpu_ns, instructions }
    }

    /// The loop whose instructions callgrind counts (`--toggle-collect`): never inlined, so
    /// that it has a symbol of its own.
    #[inline(never)]
    fn measured(run: &dyn Fn() -> u64) -> u64 {
        black_box(run())
    }

    /// `side <list> <floor|sdk|sdk-for|dates> <base> <items> <rounds>`: a warm-up run, then `rounds`
    /// measured runs; prints the least CPU per item.
    pub fn child(args: &[String]) {
        let [kind, side, base, items, rounds] = args else { panic!("side <list> <side> <base> <items> <rounds>") };
        let kind = Kind::from_name(kind);
        let items: u32 = items.parse().expect("a count");
        let rounds: usize = rounds.parse().expect("a count");
        let sdk = client(base, false);
        let agent = plain_agent(None);
        let run = || match side.as_str() {
            "floor" => floor_items(&agent, base, kind, PAGE),
            "sdk" => sdk_items(&sdk, kind, PAGE, 0),
            // `items()` read by a `for` loop: `next()` per item, not `fold`.
            "sdk-for" => {
                let mut n = 0u64;
                for c in sdk.companies().list().page_size(PAGE).items() {
                    assert_eq!(Uuid::from(black_box(c.expect("a company")).id), Uuid::from_u128(u128::from(n)));
                    n += 1;
                }
                n
            }
            "dates" => (0..u64::from(items)).fold(0, |n, i| {
                if let Some(d) = server::company_date(i) {
                    black_box(Timestamp::parse(black_box(d)));
                }
                n + 1
            }),
            other => panic!("unknown side {other}"),
        };
        assert_eq!(run(), u64::from(items), "every item, once");
        let least = (0..rounds)
            .map(|_| {
                let start = process_cpu();
                assert_eq!(measured(&run), u64::from(items), "every item, once");
                process_cpu() - start
            })
            .min()
            .unwrap_or_default();
        println!("CPU_NS {}", least.as_nanos() as f64 / f64::from(items));
    }
}
