//! `client.companies()`: list, get, create, update, and the experimental tenant-id lookup.

use std::time::Duration;

use uuid::Uuid;

use crate::client::{Client, Family};
use crate::error::Result;
use crate::http::Method;
use crate::models::companies::CompanyBody;
use crate::models::{Address, Company, CompanySort, CompanyStatus, MsTenant, NewContact};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call};

impl Client {
    /// Companies (the partner's customers).
    pub fn companies(&self) -> Companies {
        Companies { client: self.clone() }
    }
}

/// Handle for `/companies`. Get it with [`Client::companies`].
#[derive(Debug, Clone)]
pub struct Companies {
    client: Client,
}

impl Companies {
    /// `GET /companies`: a filtered, sorted list.
    pub fn list(&self) -> ListCompanies {
        ListCompanies { list: ListSpec::new(&self.client, Family::Partner, "/companies".into()) }
    }

    /// `GET /companies/{id}`.
    pub fn get(&self, id: Uuid) -> Call<Company> {
        Call::new(&self.client, Method::Get, Family::Partner, format!("/companies/{id}"), request::json)
    }

    /// `POST /companies`. Name, address, phone, website and the three flags are required
    /// (checked before sending). A company created with contacts that are primary Admin,
    /// Billing and Technical is `Active` at once; without, it starts `Inactive`.
    pub fn create(&self) -> CreateCompany {
        CreateCompany {
            call: Call::new(&self.client, Method::Post, Family::Partner, "/companies".into(), request::json),
            body: CompanyBody::default(),
        }
    }

    /// `PATCH /companies/{id}`: changes only the fields set (at least one, checked before
    /// sending).
    pub fn update(&self, id: Uuid) -> UpdateCompany {
        UpdateCompany {
            call: Call::new(&self.client, Method::Patch, Family::Partner, format!("/companies/{id}"), request::json),
            body: CompanyBody::default(),
        }
    }

    /// **Experimental, undocumented upstream**: the Microsoft tenant id of a company, from
    /// the Pax8 portal API (`GET {portal_url}/p8p/api/v3/companies/{id}/msTenantId`). Pax8
    /// does not document this endpoint and may change or remove it without notice.
    pub fn ms_tenant_id(&self, id: Uuid) -> Call<MsTenant> {
        Call::new(&self.client, Method::Get, Family::Portal, format!("/companies/{id}/msTenantId"), request::json)
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
        /// Only companies in this city.
        city("city"): str,
        /// Only companies in this country.
        country("country"): str,
        /// Only companies in this state or province.
        state_or_province("stateOrProvince"): str,
        /// Only companies with this postal code.
        postal_code("postalCode"): str,
        /// Only companies that may (or may not) order for themselves.
        self_service_allowed("selfServiceAllowed"): bool,
        /// Only companies Pax8 bills (or does not bill) on the partner's behalf.
        bill_on_behalf_of_enabled("billOnBehalfOfEnabled"): bool,
        /// Only companies whose self-service orders need (or do not need) approval.
        order_approval_required("orderApprovalRequired"): bool,
        /// Only companies with this status.
        status("status"): CompanyStatus,
    }
}
paged!(ListCompanies, Company, sort: CompanySort);

/// The setters a company create and a company update share.
macro_rules! company_setters {
    ($req:literal) => {
        #[doc = concat!("Company name", $req, ".")]
        pub fn name(mut self, name: impl Into<String>) -> Self {
            self.body.name = Some(name.into());
            self
        }
        #[doc = concat!("Address", $req, ".")]
        pub fn address(mut self, address: Address) -> Self {
            self.body.address = Some(address);
            self
        }
        #[doc = concat!("Primary phone number", $req, ".")]
        pub fn phone(mut self, phone: impl Into<String>) -> Self {
            self.body.phone = Some(phone.into());
            self
        }
        #[doc = concat!("Website URL", $req, ".")]
        pub fn website(mut self, website: impl Into<String>) -> Self {
            self.body.website = Some(website.into());
            self
        }
        /// An id of your own (PSA, accounting).
        pub fn external_id(mut self, id: impl Into<String>) -> Self {
            self.body.external_id = Some(id.into());
            self
        }
        #[doc = concat!("Whether Pax8 bills the company on your behalf", $req, ".")]
        pub fn bill_on_behalf_of_enabled(mut self, v: bool) -> Self {
            self.body.bill_on_behalf_of_enabled = Some(v);
            self
        }
        #[doc = concat!("Whether the company may order for itself", $req, ".")]
        pub fn self_service_allowed(mut self, v: bool) -> Self {
            self.body.self_service_allowed = Some(v);
            self
        }
        #[doc = concat!("Whether its self-service orders need approval", $req, ".")]
        pub fn order_approval_required(mut self, v: bool) -> Self {
            self.body.order_approval_required = Some(v);
            self
        }
        /// Overrides the client's overall timeout for this request.
        pub fn timeout(mut self, timeout: Duration) -> Self {
            self.call = self.call.timeout(timeout);
            self
        }
    };
}

/// Builder for `POST /companies`.
#[derive(Debug)]
#[must_use = "nothing is sent until .send()"]
pub struct CreateCompany {
    call: Call<Company>,
    body: CompanyBody,
}

impl CreateCompany {
    company_setters!(" (required)");

    /// Adds a contact to create with the company (may be called several times).
    pub fn contact(mut self, contact: NewContact) -> Self {
        self.body.contacts.push(contact);
        self
    }

    /// Checks the required fields, then creates the company.
    pub fn send(self) -> Result<Company> {
        let missing = self.body.missing_for_create();
        self.call.json(&self.body).invalid(missing).send()
    }
}

/// Builder for `PATCH /companies/{id}`.
#[derive(Debug)]
#[must_use = "nothing is sent until .send()"]
pub struct UpdateCompany {
    call: Call<Company>,
    body: CompanyBody,
}

impl UpdateCompany {
    company_setters!("");

    /// Sends the fields set; an update with none is refused before sending.
    pub fn send(self) -> Result<Company> {
        let nothing = self.body.missing_for_update();
        self.call.json(&self.body).invalid(nothing).send()
    }
}
