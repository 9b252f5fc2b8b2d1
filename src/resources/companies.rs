//! `client.companies()`: list, get, create, update, and the experimental tenant-id lookup.

use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::{Family, Method};
use crate::models::companies::CompanyBody;
use crate::models::{Address, Company, CompanyId, CompanySort, CompanyStatus, MsTenant, NewContact};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call, Submit};

impl Client {
    /// Companies (the partner's customers).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use pax8::models::CompanyStatus;
    /// for company in client.companies().list().status(CompanyStatus::Active).items() {
    ///     let company = company?;
    ///     println!("{} {}", company.id, company.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn companies(&self) -> CompaniesHandler {
        CompaniesHandler { client: self.clone() }
    }
}

/// Handle for `/companies`. Get it with [`Client::companies`].
#[derive(Debug, Clone)]
pub struct CompaniesHandler {
    client: Client,
}

impl CompaniesHandler {
    /// `GET /companies`: a filtered, sorted list.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use pax8::SortDirection;
    /// use pax8::models::{CompanySort, CompanyStatus};
    /// for company in client
    ///     .companies()
    ///     .list()
    ///     .status(CompanyStatus::Active)
    ///     .sort(CompanySort::Name, SortDirection::Asc)
    ///     .items()
    /// {
    ///     let company = company?; // a failed page ends the loop with its error
    ///     println!("{} {}", company.id, company.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListCompanies {
        ListCompanies { list: ListSpec::new(&self.client, Family::Partner, "/companies") }
    }

    /// `GET /companies/{id}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let id: pax8::models::CompanyId = "5fe2a2a1-a4e0-4d10-8d0b-3a2fce7f4b58".parse()?;
    /// match client.companies().get(id).send() {
    ///     Ok(company) => println!("{} ({:?})", company.name, company.status),
    ///     Err(e) if e.status() == Some(404) => println!("no such company"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<CompanyId>) -> GetCompany {
        let id = id.into();
        GetCompany(Call::new(&self.client, Method::Get, Family::Partner, format!("/companies/{id}"), request::json))
    }

    /// `POST /companies`. Name, address, phone, website and the three flags are required
    /// (checked before sending). A company created with contacts that are primary Admin,
    /// Billing and Technical is `Active` at once; without, it starts `Inactive`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// use pax8::models::{Address, NewContact};
    /// let company = client
    ///     .companies()
    ///     .create()
    ///     .name("Contoso")
    ///     .address(Address::new("1 Main St", "Denver", "CO", "80202", "US"))
    ///     .phone("555-0100")
    ///     .website("contoso.example")
    ///     .bill_on_behalf_of_enabled(false)
    ///     .self_service_allowed(false)
    ///     .order_approval_required(false)
    ///     .contact(NewContact::new("Ada", "Lovelace", "ada@contoso.example", "555-0101").primary_for_all())
    ///     .send()?;
    /// println!("created {} ({:?})", company.id, company.status);
    /// # Ok(()) }
    /// ```
    pub fn create(&self) -> CreateCompany {
        let call = Call::new(&self.client, Method::Post, Family::Partner, "/companies".into(), request::json);
        CreateCompany(Submit::new(call, CompanyBody::default(), CompanyBody::missing_for_create))
    }

    /// `PATCH /companies/{id}`: changes only the fields set (at least one, checked before
    /// sending).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let company = client.companies().update(id).external_id("PSA-1042").send()?;
    /// assert_eq!(company.external_id.as_deref(), Some("PSA-1042"));
    /// # Ok(()) }
    /// ```
    pub fn update(&self, id: impl Into<CompanyId>) -> UpdateCompany {
        let id = id.into();
        let call = Call::new(&self.client, Method::Patch, Family::Partner, format!("/companies/{id}"), request::json);
        UpdateCompany(Submit::new(call, CompanyBody::default(), CompanyBody::missing_for_update))
    }

    /// **Experimental, undocumented upstream**: the Microsoft tenant id of a company, from
    /// the Pax8 portal API (`GET {portal_url}/p8p/api/v3/companies/{id}/msTenantId`). Pax8
    /// does not document this endpoint and may change or remove it without notice.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// if let Some(tenant) = client.companies().ms_tenant_id(id).send()?.tenant_id {
    ///     println!("Microsoft tenant {tenant}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn ms_tenant_id(&self, id: impl Into<CompanyId>) -> GetMsTenantId {
        let id = id.into();
        GetMsTenantId(Call::new(
            &self.client,
            Method::Get,
            Family::Portal,
            format!("/companies/{id}/msTenantId"),
            request::json,
        ))
    }
}

/// Builder for `GET /companies`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListCompanies {
    list: ListSpec,
}

impl ListCompanies {
    filters! {
        /// Only companies in this city (`city`).
        city("city"): str,
        /// Only companies in this country (`country`).
        country("country"): str,
        /// Only companies in this state or province (`stateOrProvince`).
        state_or_province("stateOrProvince"): str,
        /// Only companies with this postal code (`postalCode`).
        postal_code("postalCode"): str,
        /// Only companies that may (or may not) order for themselves (`selfServiceAllowed`).
        self_service_allowed("selfServiceAllowed"): bool,
        /// Only companies Pax8 bills (or does not bill) on the partner's behalf (`billOnBehalfOfEnabled`).
        bill_on_behalf_of_enabled("billOnBehalfOfEnabled"): bool,
        /// Only companies whose self-service orders need (or do not need) approval (`orderApprovalRequired`).
        order_approval_required("orderApprovalRequired"): bool,
        /// Only companies with this status (`status`).
        status("status"): CompanyStatus,
    }
}
paged!(ListCompanies, Company, sort: CompanySort);

endpoint! {
    /// Builder for `GET /companies/{id}`: [`send`](Self::send) returns the company.
    GetCompany -> Company
}

endpoint! {
    /// Builder for the experimental `GET {portal_url}/p8p/api/v3/companies/{id}/msTenantId`.
    GetMsTenantId -> MsTenant
}

endpoint! {
    /// Builder for `POST /companies`: the setters below, then [`send`](Self::send). Name,
    /// address, phone, website and the three flags are required (checked before sending).
    CreateCompany -> Company, body: CompanyBody
}

endpoint! {
    /// Builder for `PATCH /companies/{id}`: the setters below (at least one), then
    /// [`send`](Self::send). Only the fields set are sent.
    UpdateCompany -> Company, body: CompanyBody
}

/// The setters a company create and a company update share.
macro_rules! company_setters {
    ($on_create:literal) => {
        #[doc = concat!("Company name", $on_create, ".")]
        pub fn name(mut self, name: impl Into<String>) -> Self {
            self.0.body.name = Some(name.into());
            self
        }
        #[doc = concat!("Address", $on_create, ".")]
        pub fn address(mut self, address: Address) -> Self {
            self.0.body.address = Some(address);
            self
        }
        #[doc = concat!("Primary phone number", $on_create, ".")]
        pub fn phone(mut self, phone: impl Into<String>) -> Self {
            self.0.body.phone = Some(phone.into());
            self
        }
        #[doc = concat!("Website URL", $on_create, ".")]
        pub fn website(mut self, website: impl Into<String>) -> Self {
            self.0.body.website = Some(website.into());
            self
        }
        /// An id of your own (PSA, accounting).
        pub fn external_id(mut self, id: impl Into<String>) -> Self {
            self.0.body.external_id = Some(id.into());
            self
        }
        #[doc = concat!("Whether Pax8 bills the company on your behalf", $on_create, ".")]
        pub fn bill_on_behalf_of_enabled(mut self, v: bool) -> Self {
            self.0.body.bill_on_behalf_of_enabled = Some(v);
            self
        }
        #[doc = concat!("Whether the company may order for itself", $on_create, ".")]
        pub fn self_service_allowed(mut self, v: bool) -> Self {
            self.0.body.self_service_allowed = Some(v);
            self
        }
        #[doc = concat!("Whether its self-service orders need approval", $on_create, ".")]
        pub fn order_approval_required(mut self, v: bool) -> Self {
            self.0.body.order_approval_required = Some(v);
            self
        }
    };
}

impl CreateCompany {
    company_setters!(" (required)");

    /// Adds a contact to create with the company (may be called several times). A company
    /// created with contacts that are primary Admin, Billing and Technical is `Active` at once.
    pub fn contact(mut self, contact: NewContact) -> Self {
        self.0.body.contacts.push(contact);
        self
    }
}

impl UpdateCompany {
    company_setters!("");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::tests::{client, list_wire};

    #[test]
    fn list_sends_each_filter_under_its_wire_name() {
        let list = client()
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
            .sort(CompanySort::Name, crate::SortDirection::Desc)
            .list;
        assert_eq!(
            list_wire(&list),
            "/companies?city=New%20York&country=US&stateOrProvince=NY&postalCode=10001&selfServiceAllowed=true\
             &billOnBehalfOfEnabled=false&orderApprovalRequired=true&status=Active&sort=name,desc&page=0&size=200"
        );
    }

    #[test]
    fn create_and_update_bodies() {
        let address = Address { street: Some("1 Main St".into()), ..Default::default() };
        let create = client()
            .companies()
            .create()
            .name("Contoso")
            .address(address)
            .phone("555")
            .website("contoso.com")
            .bill_on_behalf_of_enabled(true)
            .self_service_allowed(false)
            .order_approval_required(false)
            .request()
            .unwrap();
        assert_eq!((create.method, create.path_and_query()), (Method::Post, "/companies".to_owned()));
        let body = create.json_body().unwrap();
        assert_eq!(body["name"], "Contoso");
        assert_eq!(body["address"]["street"], "1 Main St");
        assert_eq!(body["billOnBehalfOfEnabled"], true);
        assert!(body.get("contacts").is_none() && body.get("externalId").is_none());

        let id = CompanyId::default();
        let update = client().companies().update(id).external_id("PSA-1").request().unwrap();
        assert_eq!((update.method, update.path_and_query()), (Method::Patch, format!("/companies/{id}")));
        assert_eq!(update.json_body().unwrap(), serde_json::json!({"externalId": "PSA-1"}));
    }

    #[test]
    fn incomplete_bodies_are_refused() {
        let err = client().companies().create().name("X").request().unwrap_err().to_string();
        assert!(err.contains("address") && err.contains("website"), "{err}");
        assert!(client().companies().update(uuid::Uuid::nil()).request().is_err());
    }

    #[test]
    fn get_and_tenant_id_paths() {
        let id = CompanyId::default();
        assert_eq!(client().companies().get(id).request().path_and_query(), format!("/companies/{id}"));
        let tenant = client().companies().ms_tenant_id(id);
        assert_eq!(tenant.request().family, Family::Portal);
        assert_eq!(tenant.request().path_and_query(), format!("/companies/{id}/msTenantId"));
    }
}
