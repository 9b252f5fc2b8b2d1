//! Companies: every operation, exact wire, official examples.

use mockito::Matcher;
use pax8::models::{Address, Company, CompanySort, CompanyStatus, ContactRole, NewContact};
use pax8::{Error, SortDirection};
use serde_json::json;
use uuid::uuid;

use crate::common::{assert_json_covers, client, fixture, fixture_json, mock_json, server};

const ID: uuid::Uuid = uuid!("a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a");

fn vfc_address() -> Address {
    Address::new("48918 Liberty Lane Ave", "Denver", "Colorado", "80210", "US")
}

#[test]
fn list_sends_every_filter_and_sort() {
    let mut s = server();
    let m = mock_json(
        &mut s,
        "GET",
        "/v1/companies",
        Some(
            "city=New%20York&country=US&stateOrProvince=NY&postalCode=10001&selfServiceAllowed=true\
             &billOnBehalfOfEnabled=false&orderApprovalRequired=true&status=Active&sort=stateOrProvince,desc\
             &page=2&size=10",
        ),
        200,
        &fixture("companies-paged"),
    )
    .create();
    let page = client(&s)
        .companies()
        .list()
        .city("New York")
        .country("US")
        .state_or_province("NY")
        .postal_code("10001")
        .self_service_allowed(true)
        .bill_on_behalf_of_enabled(false)
        .order_approval_required(true)
        .status(CompanyStatus::Active)
        .sort(CompanySort::StateOrProvince, SortDirection::Desc)
        .page(2)
        .page_size(10)
        .send()
        .unwrap();
    m.assert();
    assert_eq!((page.number, page.size, page.total_elements, page.total_pages), (0, 10, 65, 7));
    let expected = fixture_json("companies-paged");
    assert_json_covers(&serde_json::to_value(&page.items).unwrap(), &expected["content"]);
    assert_eq!(page.items[3].status, Some(CompanyStatus::Inactive));
    // The example omits phone and orderApprovalRequired: absent, not an error.
    assert!(page.items[0].phone.is_none() && page.items[0].order_approval_required.is_none());
}

#[test]
fn every_sort_field_has_its_wire_name() {
    let cases = [
        (CompanySort::Name, SortDirection::Asc, "name,asc"),
        (CompanySort::City, SortDirection::Desc, "city,desc"),
        (CompanySort::Country, SortDirection::Asc, "country,asc"),
        (CompanySort::PostalCode, SortDirection::Desc, "postalCode,desc"),
    ];
    for (field, dir, wire) in cases {
        let mut s = server();
        let m =
            mock_json(&mut s, "GET", "/v1/companies", Some(&format!("sort={wire}")), 200, r#"{"content":[]}"#).create();
        client(&s).companies().list().sort(field, dir).send().unwrap();
        m.assert();
    }
}

#[test]
fn get_decodes_the_official_example() {
    let mut s = server();
    let m = mock_json(&mut s, "GET", &format!("/v1/companies/{ID}"), None, 200, &fixture("company-0")).create();
    let c: Company = client(&s).companies().get(ID).send().unwrap();
    m.assert();
    assert_json_covers(&serde_json::to_value(&c).unwrap(), &fixture_json("company-0"));
    assert_eq!(c.id, ID);
    assert_eq!(c.address.as_ref().unwrap().state_or_province.as_deref(), Some("Colorado"));
    assert_eq!(c.updated_date, Some(time::macros::datetime!(2023-08-11 11:33:12.314 -6).into()));
}

#[test]
fn create_with_contacts_sends_the_official_example() {
    let mut s = server();
    let m = s
        .mock("POST", "/v1/companies")
        .match_query(Matcher::Missing)
        .match_header("content-type", Matcher::Regex("^application/json".into()))
        .match_body(Matcher::Json(fixture_json("company-post")))
        .with_status(200)
        .with_body(fixture("company-0"))
        .expect(1)
        .create();
    let created = client(&s)
        .companies()
        .create()
        .name("VFC Network, Inc")
        .address(vfc_address())
        .phone("123-456-5555")
        .website("vfc-network-inc-liberty.com")
        .external_id("A123")
        .self_service_allowed(false)
        .bill_on_behalf_of_enabled(false)
        .order_approval_required(false)
        .contact(
            NewContact::new("John", "Doe", "john.doe@vfc-network-inc-liberty.com", "555-555-5555")
                .primary_for(ContactRole::Admin)
                .primary_for(ContactRole::Billing)
                .primary_for(ContactRole::Technical),
        )
        .send()
        .unwrap();
    m.assert();
    assert_eq!(created.status, Some(CompanyStatus::Active));
}

#[test]
fn create_without_contacts_omits_them() {
    let mut s = server();
    let mut body = fixture_json("company-post");
    body.as_object_mut().unwrap().remove("contacts");
    body.as_object_mut().unwrap().remove("externalId");
    let m = s
        .mock("POST", "/v1/companies")
        .match_body(Matcher::Json(body))
        .with_body(r#"{"id":"a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a","name":"VFC Network, Inc","status":"Inactive"}"#)
        .create();
    let created = client(&s)
        .companies()
        .create()
        .name("VFC Network, Inc")
        .address(vfc_address())
        .phone("123-456-5555")
        .website("vfc-network-inc-liberty.com")
        .self_service_allowed(false)
        .bill_on_behalf_of_enabled(false)
        .order_approval_required(false)
        .send()
        .unwrap();
    m.assert();
    assert_eq!(created.status, Some(CompanyStatus::Inactive));
}

#[test]
fn create_checks_required_fields_before_sending() {
    let mut s = server();
    let any = crate::common::expect_no_requests(&mut s);
    let err = client(&s).companies().create().name("Only a name").send().unwrap_err();
    let Error::InvalidInput(why) = &err else { panic!("{err:?}") };
    for f in
        ["address", "phone", "website", "bill_on_behalf_of_enabled", "self_service_allowed", "order_approval_required"]
    {
        assert!(why.contains(f), "{why}");
    }
    assert!(!why.contains("name"), "{why}");
    let err = client(&s)
        .companies()
        .create()
        .name("X")
        .address(vfc_address())
        .phone("1")
        .website("x")
        .self_service_allowed(false)
        .bill_on_behalf_of_enabled(false)
        .order_approval_required(false)
        .contact(NewContact::new("A", "", "a@b.c", "1"))
        .send()
        .unwrap_err();
    assert!(err.to_string().contains("contact 0: a contact needs last_name"), "{err}");
    any.assert();
}

#[test]
fn update_patches_only_the_fields_set() {
    let mut s = server();
    let m = s
        .mock("PATCH", &*format!("/v1/companies/{ID}"))
        .match_header("authorization", "Bearer test-token")
        .match_body(Matcher::Json(json!({"phone": "303-555-0100", "externalId": "PSA-77", "selfServiceAllowed": true})))
        .with_body(fixture("company-0"))
        .expect(1)
        .create();
    let c = client(&s)
        .companies()
        .update(ID)
        .phone("303-555-0100")
        .external_id("PSA-77")
        .self_service_allowed(true)
        .send()
        .unwrap();
    m.assert();
    assert_eq!(c.name, "VFC Network, Inc");
}

#[test]
fn update_sends_the_official_update_example_fields() {
    let mut s = server();
    let mut body = fixture_json("company-update-post");
    // Read-only fields (id, status) are not sent.
    body.as_object_mut().unwrap().remove("id");
    body.as_object_mut().unwrap().remove("status");
    let m = s
        .mock("PATCH", &*format!("/v1/companies/{ID}"))
        .match_body(Matcher::Json(body))
        .with_body(fixture("company-0"))
        .create();
    client(&s)
        .companies()
        .update(ID)
        .name("VFC Network, Inc")
        .address(vfc_address())
        .phone("123-456-5555")
        .website("vfc-network-inc-liberty.com")
        .external_id("A123")
        .self_service_allowed(false)
        .bill_on_behalf_of_enabled(false)
        .order_approval_required(false)
        .send()
        .unwrap();
    m.assert();
}

#[test]
fn an_empty_update_is_refused_before_sending() {
    let mut s = server();
    let any = crate::common::expect_no_requests(&mut s);
    let err = client(&s).companies().update(ID).send().unwrap_err();
    assert!(matches!(&err, Error::InvalidInput(m) if m.contains("at least one field")), "{err:?}");
    any.assert();
}

#[test]
fn ms_tenant_id_uses_the_portal_api() {
    let mut s = server();
    let m = mock_json(
        &mut s,
        "GET",
        &format!("/p8p/api/v3/companies/{ID}/msTenantId"),
        None,
        200,
        r#"{"tenantId":"0d6a2b5c-7b0e-4a3e-9d1f-1a2b3c4d5e6f"}"#,
    )
    .create();
    let t = client(&s).companies().ms_tenant_id(ID).send().unwrap();
    m.assert();
    assert_eq!(t.tenant_id, Some(uuid!("0d6a2b5c-7b0e-4a3e-9d1f-1a2b3c4d5e6f")));
}

#[test]
fn portal_url_can_live_on_another_host() {
    let mut api = server();
    let mut portal = server();
    let m = mock_json(&mut portal, "GET", &format!("/p8p/api/v3/companies/{ID}/msTenantId"), None, 200, "{}").create();
    let none = crate::common::expect_no_requests(&mut api);
    let c = crate::common::builder(&api).access_token("test-token").portal_url(portal.url()).build().unwrap();
    assert_eq!(c.companies().ms_tenant_id(ID).send().unwrap().tenant_id, None);
    m.assert();
    none.assert();
}
