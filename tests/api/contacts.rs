//! Contacts of a company: list, get, create, replace, delete.

use mockito::Matcher;
use pax8::Error;
use pax8::models::{ContactRole, NewContact};
use serde_json::json;
use uuid::uuid;

use crate::common::{client, mock_json, server};

const COMPANY: uuid::Uuid = uuid!("f7fc273a-8d86-45c9-a26f-ffd42416adda");
const CONTACT: uuid::Uuid = uuid!("5ba26319-00e4-4a8f-986b-02a1170af269");

/// A contact as the live API sends it: undocumented phone fields, offset without colon.
const LIVE_CONTACT: &str = r#"{
  "id": "5ba26319-00e4-4a8f-986b-02a1170af269",
  "firstName": "John", "lastName": "Doe", "email": "john@doe.com", "phone": "555-555-5555",
  "phoneNumber": "5555555555", "phoneCountryCode": "US", "phoneCountryCallingCode": "1",
  "createdDate": "2020-05-12",
  "types": [{"type": "Admin", "primary": true}, {"type": "Billing", "primary": false}]
}"#;

fn john() -> NewContact {
    NewContact::new("John", "Doe", "john@doe.com", "555-555-5555")
}

#[test]
fn list_pages_through_contacts() {
    let mut s = server();
    let body = format!(
        r#"{{"content":[{LIVE_CONTACT},{{"id":"18d6329e-93f9-46a5-9df7-37e4c29d2840","firstName":"Jane","lastName":"Roe"}}],
            "page":{{"size":200,"totalElements":2,"totalPages":1,"number":0}}}}"#
    );
    let m = mock_json(&mut s, "GET", &format!("/v1/companies/{COMPANY}/contacts"), Some("page=0&size=200"), 200, &body)
        .expect(1)
        .create();
    let all: Vec<_> = client(&s).contacts(COMPANY).list().items().collect::<Result<_, _>>().unwrap();
    m.assert();
    assert_eq!(all.len(), 2);
    assert!(all[0].is_primary(&ContactRole::Admin) && !all[0].is_primary(&ContactRole::Billing));
    assert_eq!(all[0].phone_country_calling_code.as_deref(), Some("1"));
    assert!(all[1].types.is_empty() && all[1].email.is_none());
}

#[test]
fn get_reads_one_contact() {
    let mut s = server();
    let m = mock_json(&mut s, "GET", &format!("/v1/companies/{COMPANY}/contacts/{CONTACT}"), None, 200, LIVE_CONTACT)
        .create();
    let c = client(&s).contacts(COMPANY).get(CONTACT).send().unwrap();
    m.assert();
    assert_eq!((c.id.as_uuid(), c.first_name.as_str()), (&CONTACT, "John"));
    assert_eq!(c.created_date, Some(time::macros::date!(2020 - 05 - 12).into()));
}

#[test]
fn create_posts_the_contact() {
    let mut s = server();
    let m = s
        .mock("POST", &*format!("/v1/companies/{COMPANY}/contacts"))
        .match_header("authorization", "Bearer test-token")
        .match_body(Matcher::Json(json!({
            "firstName": "John", "lastName": "Doe", "email": "john@doe.com", "phone": "555-555-5555",
            "types": [{"type": "Admin", "primary": true}, {"type": "Billing", "primary": true}, {"type": "Technical", "primary": true}]
        })))
        .with_body(LIVE_CONTACT)
        .expect(1)
        .create();
    let c = client(&s).contacts(COMPANY).create(john().primary_for_all()).send().unwrap();
    m.assert();
    assert_eq!(c.id, CONTACT);
}

#[test]
fn replace_puts_the_whole_contact() {
    let mut s = server();
    let m = s
        .mock("PUT", &*format!("/v1/companies/{COMPANY}/contacts/{CONTACT}"))
        .match_body(Matcher::Json(json!({
            "firstName": "John", "lastName": "Doe", "email": "john@doe.com", "phone": "555-555-5555"
        })))
        .with_body(LIVE_CONTACT)
        .expect(1)
        .create();
    client(&s).contacts(COMPANY).replace(CONTACT, john()).send().unwrap();
    m.assert();
}

#[test]
fn replace_from_a_read_writes_a_role_without_type_back_without_type() {
    let mut s = server();
    let read = r#"{"id": "5ba26319-00e4-4a8f-986b-02a1170af269", "firstName": "John", "lastName": "Doe",
        "email": "john@doe.com", "phone": "555-555-5555",
        "types": [{"type": "Admin", "primary": true}, {"type": null, "primary": true}, {"primary": false}]}"#;
    let get = mock_json(&mut s, "GET", &format!("/v1/companies/{COMPANY}/contacts/{CONTACT}"), None, 200, read)
        .expect(1)
        .create();
    let put = s
        .mock("PUT", &*format!("/v1/companies/{COMPANY}/contacts/{CONTACT}"))
        .match_body(Matcher::Json(json!({
            "firstName": "John", "lastName": "Doe", "email": "new@doe.com", "phone": "555-555-5555",
            "types": [{"type": "Admin", "primary": true}, {"primary": true}, {"primary": false}]
        })))
        .with_body(LIVE_CONTACT)
        .expect(1)
        .create();
    let contacts = client(&s).contacts(COMPANY);
    let current = contacts.get(CONTACT).send().unwrap();
    contacts.replace(CONTACT, current.to_new().email("new@doe.com")).send().unwrap();
    get.assert();
    put.assert();
}

#[test]
fn delete_accepts_204() {
    let mut s = server();
    let m = s
        .mock("DELETE", &*format!("/v1/companies/{COMPANY}/contacts/{CONTACT}"))
        .match_header("authorization", "Bearer test-token")
        .with_status(204)
        .expect(1)
        .create();
    client(&s).contacts(COMPANY).delete(CONTACT).send().unwrap();
    m.assert();
}

#[test]
fn missing_required_fields_are_refused_before_sending() {
    let mut s = server();
    let any = crate::common::expect_no_requests(&mut s);
    let c = client(&s);
    let err = c.contacts(COMPANY).create(NewContact::new("John", "Doe", "", "")).send().unwrap_err();
    assert!(matches!(&err, Error::InvalidInput(m) if m == "a contact needs email, phone"), "{err:?}");
    let err = c.contacts(COMPANY).replace(CONTACT, NewContact::new("", "Doe", "a@b", "1")).send().unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)));
    any.assert();
}

#[test]
fn delete_of_an_unknown_contact_is_a_404() {
    let mut s = server();
    s.mock("DELETE", &*format!("/v1/companies/{COMPANY}/contacts/{CONTACT}"))
        .with_status(404)
        .with_body(r#"{"type":"NOT_FOUND","message":"Contact not found","status":404}"#)
        .create();
    let err = client(&s).contacts(COMPANY).delete(CONTACT).send().unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.api().unwrap().body.as_ref().unwrap().message.as_deref(), Some("Contact not found"));
}
