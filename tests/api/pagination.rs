//! The pager: laziness, both stop rules, errors that end the iteration, bad page sizes.

use mockito::{Mock, ServerGuard};
use pax8::Error;
use serde_json::json;

use crate::common::{client, expect_no_requests, mock_json, server};

/// Mocks page `n` of a listing of `total_pages` pages, `per_page` companies each.
fn page_mock(s: &mut ServerGuard, n: u32, per_page: u32, total_pages: u32) -> Mock {
    let items: Vec<_> = (0..per_page)
        .map(|i| json!({"id": uuid::Uuid::from_u128(u128::from(n * 1000 + i)), "name": format!("c{n}-{i}")}))
        .collect();
    let body = json!({
        "content": items,
        "page": {"size": per_page, "totalElements": per_page * total_pages, "totalPages": total_pages, "number": n}
    });
    mock_json(s, "GET", "/v1/companies", Some(&format!("page={n}&size={per_page}")), 200, &body.to_string())
}

#[test]
fn taking_three_items_of_ten_pages_fetches_one_page() {
    let mut s = server();
    let first = page_mock(&mut s, 0, 5, 10).expect(1).create();
    let rest: Vec<_> = (1..10).map(|n| page_mock(&mut s, n, 5, 10).expect(0).create()).collect();
    let names: Vec<String> =
        client(&s).companies().list().page_size(5).items().take(3).map(|c| c.unwrap().name).collect();
    assert_eq!(names, ["c0-0", "c0-1", "c0-2"]);
    first.assert();
    rest.iter().for_each(Mock::assert);
}

#[test]
fn nothing_is_fetched_until_iterated() {
    let mut s = server();
    let none = expect_no_requests(&mut s);
    let c = client(&s);
    let _pages = c.companies().list().pages();
    let _items = c.companies().list().items();
    none.assert();
}

#[test]
fn stops_after_the_last_page() {
    let mut s = server();
    let mocks: Vec<_> = (0..3).map(|n| page_mock(&mut s, n, 4, 3).expect(1).create()).collect();
    let beyond = page_mock(&mut s, 3, 4, 3).expect(0).create();
    let items: Vec<_> = client(&s).companies().list().page_size(4).items().collect::<Result<_, _>>().unwrap();
    assert_eq!(items.len(), 12);
    assert_eq!(items[11].name, "c2-3");
    mocks.iter().for_each(Mock::assert);
    beyond.assert();
}

#[test]
fn stops_at_an_empty_page_even_if_more_are_announced() {
    let mut s = server();
    let first = page_mock(&mut s, 0, 2, 5).expect(1).create();
    let empty = mock_json(
        &mut s,
        "GET",
        "/v1/companies",
        Some("page=1&size=2"),
        200,
        r#"{"content":[],"page":{"size":2,"totalElements":10,"totalPages":5,"number":1}}"#,
    )
    .expect(1)
    .create();
    let beyond = page_mock(&mut s, 2, 2, 5).expect(0).create();
    let pages: Vec<_> = client(&s).companies().list().page_size(2).pages().collect::<Result<_, _>>().unwrap();
    assert_eq!(pages.len(), 2);
    first.assert();
    empty.assert();
    beyond.assert();
}

#[test]
fn an_empty_result_is_one_empty_page() {
    let mut s = server();
    let m = mock_json(
        &mut s,
        "GET",
        "/v1/companies",
        Some("city=Nowhere&page=0&size=200"),
        200,
        r#"{"content":[],"page":{"size":200,"totalElements":0,"totalPages":0,"number":0}}"#,
    )
    .expect(1)
    .create();
    assert_eq!(client(&s).companies().list().city("Nowhere").items().count(), 0);
    m.assert();
}

#[test]
fn iteration_starts_at_the_given_page() {
    let mut s = server();
    let skipped = page_mock(&mut s, 0, 3, 3).expect(0).create();
    let later: Vec<_> = (1..3).map(|n| page_mock(&mut s, n, 3, 3).expect(1).create()).collect();
    let pages: Vec<_> = client(&s).companies().list().page(1).page_size(3).pages().map(Result::unwrap).collect();
    assert_eq!(pages.iter().map(|p| p.number).collect::<Vec<_>>(), [1, 2]);
    skipped.assert();
    later.iter().for_each(Mock::assert);
}

/// Page 1 (of 2 companies a page) answering 500, once.
fn failing_page_1(s: &mut ServerGuard) -> Mock {
    mock_json(
        s,
        "GET",
        "/v1/companies",
        Some("page=1&size=2"),
        500,
        r#"{"type":"INTERNAL_SERVER_ERROR","message":"boom"}"#,
    )
    .expect(1)
    .create()
}

#[test]
fn an_error_is_yielded_once_then_the_iteration_ends() {
    let mut s = server();
    page_mock(&mut s, 0, 2, 4).expect(1).create();
    let failing = failing_page_1(&mut s);
    let after = page_mock(&mut s, 2, 2, 4).expect(0).create();
    let mut it = client(&s).companies().list().page_size(2).items();
    assert!(it.next().unwrap().is_ok());
    assert!(it.next().unwrap().is_ok());
    let err = it.next().unwrap().unwrap_err();
    assert_eq!(err.failed_page(), Some(1));
    assert_eq!(err.status(), Some(500));
    assert!(matches!(&err, pax8::Error::Api(api) if api.page == Some(1)), "the same variant as send() gives");
    assert!(err.to_string().starts_with("GET /v1/companies?page=1&size=2 answered HTTP 500"), "{err}");
    assert!(it.next().is_none());
    assert!(it.next().is_none());
    failing.assert();
    after.assert();
}

#[test]
fn fold_hands_out_every_item_in_order_after_those_next_took() {
    let mut s = server();
    let mocks: Vec<_> = (0..3).map(|n| page_mock(&mut s, n, 3, 3).expect(1).create()).collect();
    let beyond = page_mock(&mut s, 3, 3, 3).expect(0).create();
    let mut it = client(&s).companies().list().page_size(3).items();
    assert_eq!(it.next().unwrap().unwrap().name, "c0-0");
    // `fold` (and `for_each`, which uses it) goes on from the page half read, then page by page.
    let mut names = Vec::new();
    it.for_each(|c| names.push(c.unwrap().name));
    assert_eq!(names, ["c0-1", "c0-2", "c1-0", "c1-1", "c1-2", "c2-0", "c2-1", "c2-2"]);
    mocks.iter().for_each(Mock::assert);
    beyond.assert();
}

#[test]
fn fold_ends_with_the_error_after_the_items_before_it() {
    let mut s = server();
    page_mock(&mut s, 0, 2, 4).expect(1).create();
    let failing = failing_page_1(&mut s);
    let after = page_mock(&mut s, 2, 2, 4).expect(0).create();
    let seen = client(&s).companies().list().page_size(2).items().fold(Vec::new(), |mut seen, c| {
        seen.push(match c {
            Ok(c) => c.name,
            Err(e) => format!("error {:?} on page {:?}", e.status(), e.failed_page()),
        });
        seen
    });
    assert_eq!(seen, ["c0-0", "c0-1", "error Some(500) on page Some(1)"]);
    failing.assert();
    after.assert();
}

#[test]
fn a_failed_iteration_resumes_from_the_failed_page() {
    let mut s = server();
    page_mock(&mut s, 0, 2, 3).expect(1).create();
    mock_json(&mut s, "GET", "/v1/companies", Some("page=1&size=2"), 500, "{}").expect(1).create();
    let c = client(&s);
    let err = c.companies().list().page_size(2).items().find_map(Result::err).unwrap();
    let resume = err.failed_page().unwrap();
    s.reset();
    page_mock(&mut s, 1, 2, 3).expect(1).create();
    page_mock(&mut s, 2, 2, 3).expect(1).create();
    let rest: Vec<_> = c.companies().list().page(resume).page_size(2).items().collect::<Result<_, _>>().unwrap();
    assert_eq!(rest.len(), 4);
}

#[test]
fn page_sizes_outside_1_to_200_fail_before_sending() {
    let mut s = server();
    let none = expect_no_requests(&mut s);
    let c = client(&s);
    for size in [0, 201] {
        let err = c.companies().list().page_size(size).send().unwrap_err();
        assert!(matches!(&err, Error::InvalidInput(m) if m.contains("between 1 and 200")), "{err:?}");
        let mut items = c.companies().list().page_size(size).items();
        assert!(matches!(items.next(), Some(Err(Error::InvalidInput(_)))));
        assert!(items.next().is_none());
        let mut pages = c.contacts(uuid::Uuid::nil()).list().page_size(size).pages();
        assert!(matches!(pages.next(), Some(Err(Error::InvalidInput(_)))));
    }
    none.assert();
}

#[test]
fn page_size_200_is_accepted() {
    let mut s = server();
    let m = mock_json(&mut s, "GET", "/v1/companies", Some("size=200"), 200, r#"{"content":[]}"#).create();
    client(&s).companies().list().page_size(200).send().unwrap();
    m.assert();
}
