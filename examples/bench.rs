//! Benchmarks, reported as ratios against a baseline measured in the same process (the
//! machines are shared and noisy, so absolute times mean little).
//!
//! ```sh
//! cargo run --release --example bench
//! ```
//!
//! 1. Decoding: a page of 200 companies into `Page<Company>` (typed, lenient dates, enum
//!    fallbacks) against `serde_json::Value` (untyped) on the same bytes.
//! 2. Iterating: `items()` over 20 pages of 200 companies from a local server (the testing
//!    kit's mock), against a hand-written loop of plain `ureq` GETs plus `serde_json::Value`
//!    decoding on the same server. The ratio is the cost of the SDK's executor, pager and models.

use std::hint::black_box;
use std::time::{Duration, Instant};

use pax8::Page;
use pax8::models::Company;
use serde_json::{Value, json};

const PAGES: usize = 20;
const PER_PAGE: usize = 200;

fn company(i: usize) -> Value {
    json!({
        "id": uuid::Uuid::from_u128(i as u128),
        "name": format!("Company {i}"),
        "address": {"street": "48918 Liberty Lane Ave", "city": "Denver", "postalCode": "80210", "country": "US", "stateOrProvince": "Colorado"},
        "phone": "123-456-5555",
        "website": "vfc-network-inc-liberty.com",
        "status": if i.is_multiple_of(7) { "Inactive" } else { "Active" },
        "externalId": format!("A{i}"),
        "selfServiceAllowed": false,
        "billOnBehalfOfEnabled": i.is_multiple_of(2),
        "orderApprovalRequired": false,
        "updatedDate": "2023-08-11T11:33:12.314-0600"
    })
}

fn page_body(n: usize) -> String {
    let items: Vec<Value> = (0..PER_PAGE).map(|i| company(n * PER_PAGE + i)).collect();
    json!({"content": items, "page": {"size": PER_PAGE, "totalElements": PAGES * PER_PAGE, "totalPages": PAGES, "number": n}})
        .to_string()
}

/// Best of `rounds` runs of `f`, each run `reps` calls.
fn best(rounds: usize, reps: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..reps {
                f();
            }
            t.elapsed() / reps as u32
        })
        .min()
        .unwrap()
}

fn main() {
    println!("pax8 benchmarks (ratios: SDK time / baseline time, best of several runs)\n");

    // 1. Decoding.
    let body = page_body(0);
    let baseline = best(7, 20, || {
        black_box(serde_json::from_str::<Value>(black_box(&body)).unwrap());
    });
    let typed = best(7, 20, || {
        black_box(serde_json::from_str::<Page<Company>>(black_box(&body)).unwrap());
    });
    println!(
        "decode a page of {PER_PAGE} companies ({} KiB): Page<Company> {:?}, serde_json::Value {:?}, ratio {:.2}",
        body.len() / 1024,
        typed,
        baseline,
        typed.as_secs_f64() / baseline.as_secs_f64()
    );

    // 1b. The SDK decodes straight from the body's bytes (checked as UTF-8 in place, then parsed
    // as a str); before 0.2 it first copied them into a `String`. Same bytes, same target type.
    let bytes = body.clone().into_bytes();
    let from_bytes = best(7, 20, || {
        let text = std::str::from_utf8(black_box(&bytes)).unwrap();
        black_box(serde_json::from_str::<Page<Company>>(text).unwrap());
    });
    let via_string = best(7, 20, || {
        let text = String::from_utf8(black_box(bytes.clone())).unwrap();
        black_box(serde_json::from_str::<Page<Company>>(&text).unwrap());
    });
    println!(
        "decode from bytes {:?}, via a String copy (before) {:?}, ratio {:.2}",
        from_bytes,
        via_string,
        from_bytes.as_secs_f64() / via_string.as_secs_f64()
    );

    // 2. Iterating over a local server: the testing kit serving all the companies, paged
    //    as requested, to both the SDK and the hand-written loop.
    let mut pax8 = pax8::testing::MockPax8::start();
    pax8.list("/v1/companies", (0..PAGES * PER_PAGE).map(company));
    let url = pax8.url();
    let client = pax8.client();
    let agent: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    let bearer = format!("Bearer {}", pax8::testing::MockPax8::TOKEN);
    let raw = best(5, 1, || {
        let mut count = 0;
        for n in 0..PAGES {
            let v: Value = agent
                .get(format!("{url}/v1/companies?page={n}&size={PER_PAGE}"))
                .header("Authorization", &bearer)
                .call()
                .unwrap()
                .body_mut()
                .read_json()
                .unwrap();
            count += v["content"].as_array().unwrap().len();
        }
        assert_eq!(count, PAGES * PER_PAGE);
    });
    let sdk = best(5, 1, || {
        let count = client.companies().list().page_size(PER_PAGE as u32).items().fold(0, |n, c| {
            black_box(c.unwrap());
            n + 1
        });
        assert_eq!(count, PAGES * PER_PAGE);
    });
    println!(
        "items() over {PAGES} pages x {PER_PAGE}: SDK {:?}, plain ureq + serde_json::Value {:?}, ratio {:.2}",
        sdk,
        raw,
        sdk.as_secs_f64() / raw.as_secs_f64()
    );
}
