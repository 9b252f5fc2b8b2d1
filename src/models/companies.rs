//! Companies: the MSP's customers.

use crate::models::ids::CompanyId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{
    Timestamp, checked_model, lenient_uuid, null_as_default, null_as_empty, required_id, timestamp, unset_id, wire_enum,
};
use super::contacts::{Contact, NewContact};

wire_enum! {
    /// Status of a company.
    pub enum CompanyStatus {
        /// The company is active.
        Active => "Active",
        /// Inactive, typically because it lacks its primary contacts.
        Inactive => "Inactive",
        /// Deleted.
        Deleted => "Deleted",
    }
}

wire_enum! {
    /// Fields a company list can be sorted by.
    pub enum CompanySort {
        /// By name.
        Name => "name",
        /// By city.
        City => "city",
        /// By country.
        Country => "country",
        /// By state or province.
        StateOrProvince => "stateOrProvince",
        /// By postal code.
        PostalCode => "postalCode",
    }
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Address {
    /// Street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// Second street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street2: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State or province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_or_province: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code, e.g. `US`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Address {
    /// An address with the usual fields (no second street line).
    pub fn new(
        street: impl Into<String>,
        city: impl Into<String>,
        state_or_province: impl Into<String>,
        postal_code: impl Into<String>,
        country: impl Into<String>,
    ) -> Self {
        Address {
            street: Some(street.into()),
            street2: None,
            city: Some(city.into()),
            state_or_province: Some(state_or_province.into()),
            postal_code: Some(postal_code.into()),
            country: Some(country.into()),
        }
    }

    /// Sets the second street line.
    pub fn street2(mut self, street2: impl Into<String>) -> Self {
        self.street2 = Some(street2.into());
        self
    }
}

checked_model! {
    /// A company (customer) as Pax8 returns it. Every field Pax8 may leave out is optional; a
    /// missing or malformed `id` fails the decode.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct Company {
        /// Id (required).
        #[serde(default = "unset_id", deserialize_with = "required_id")]
        pub id: CompanyId,
        /// Name (`null` reads as empty).
        #[serde(deserialize_with = "null_as_default")]
        pub name: String,
        /// Address.
        pub address: Option<Address>,
        /// Primary phone number.
        pub phone: Option<String>,
        /// Website URL.
        pub website: Option<String>,
        /// An id of the partner's own (PSA, accounting).
        pub external_id: Option<String>,
        /// True when Pax8 bills the company on the partner's behalf.
        pub bill_on_behalf_of_enabled: Option<bool>,
        /// True when the company may order for itself.
        pub self_service_allowed: Option<bool>,
        /// True when self-service orders need approval.
        pub order_approval_required: Option<bool>,
        /// Status.
        pub status: Option<CompanyStatus>,
        /// Last update.
        #[serde(deserialize_with = "timestamp")]
        pub updated_date: Option<Timestamp>,
        /// The company's contacts, when the answer carries them (e.g. a company created with
        /// contacts); otherwise empty.
        #[serde(deserialize_with = "null_as_empty")]
        pub contacts: Vec<Contact>,
    }
    "company", ids: ["id" => id]
}

/// The body of a company create (POST) or update (PATCH): only the fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CompanyBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) bill_on_behalf_of_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) self_service_allowed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) order_approval_required: Option<bool>,
    /// Only on create.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) contacts: Vec<NewContact>,
}

impl CompanyBody {
    /// For a create: names every required field that is missing, or `None` when complete.
    pub(crate) fn missing_for_create(&self) -> Option<String> {
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|v| v.trim().is_empty());
        let checks = [
            ("name", blank(&self.name)),
            ("address", self.address.is_none()),
            ("phone", blank(&self.phone)),
            ("website", blank(&self.website)),
            ("bill_on_behalf_of_enabled", self.bill_on_behalf_of_enabled.is_none()),
            ("self_service_allowed", self.self_service_allowed.is_none()),
            ("order_approval_required", self.order_approval_required.is_none()),
        ];
        let missing: Vec<&str> = checks.iter().filter(|(_, m)| *m).map(|(n, _)| *n).collect();
        let mut why = Vec::new();
        if !missing.is_empty() {
            why.push(format!("a company needs {}", missing.join(", ")));
        }
        for (i, c) in self.contacts.iter().enumerate() {
            if let Some(m) = c.missing() {
                why.push(format!("contact {i}: {m}"));
            }
        }
        (!why.is_empty()).then(|| why.join("; "))
    }

    /// For an update: refuses one that changes nothing.
    pub(crate) fn missing_for_update(&self) -> Option<String> {
        (self == &CompanyBody::default()).then(|| "a company update needs at least one field".to_owned())
    }
}

/// The answer of the experimental portal call `ms_tenant_id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct MsTenant {
    /// The Microsoft tenant id of the company, when it has one. An empty or malformed
    /// value is `None`.
    #[serde(deserialize_with = "lenient_uuid")]
    pub tenant_id: Option<Uuid>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_tolerates_missing_unknown_and_odd_fields() {
        let c: Company = serde_json::from_str(
            r#"{"id":"a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a","name":"X","status":"Suspended",
                "updatedDate":"someday","brandNewField":{"a":1}}"#,
        )
        .unwrap();
        assert_eq!(c.status, Some(CompanyStatus::Other("Suspended".into())));
        assert_eq!(c.updated_date, Some(Timestamp::Unparsed("someday".into())));
        assert!(c.phone.is_none() && c.self_service_allowed.is_none() && c.contacts.is_empty());
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(back["status"], "Suspended");
    }

    #[test]
    fn create_lists_every_missing_field() {
        let why = CompanyBody::default().missing_for_create().unwrap();
        for f in [
            "name",
            "address",
            "phone",
            "website",
            "bill_on_behalf_of_enabled",
            "self_service_allowed",
            "order_approval_required",
        ] {
            assert!(why.contains(f), "{why}");
        }
    }
    #[test]
    fn company_reads_its_contacts_and_nulls() {
        let c: Company = serde_json::from_str(
            r#"{"id":"a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a","name":null,"address":null,"phone":null,
                "billOnBehalfOfEnabled":null,"updatedDate":null,
                "contacts":[{"id":"18d6329e-93f9-46a5-9df7-37e4c29d2840","firstName":"J","lastName":"D",
                             "phoneCountryCallingCode":1,"types":[{"type":"Admin","primary":true}]}]}"#,
        )
        .unwrap();
        assert_eq!((c.name.as_str(), c.address.as_ref(), c.bill_on_behalf_of_enabled), ("", None, None));
        assert_eq!(c.contacts.len(), 1);
        assert_eq!(c.contacts[0].phone_country_calling_code.as_deref(), Some("1"));
        assert!(c.contacts[0].is_primary(&super::super::ContactRole::Admin));
        let c: Company =
            serde_json::from_str(r#"{"id":"a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a","contacts":null}"#).unwrap();
        assert!(c.contacts.is_empty());
        let err = serde_json::from_str::<Company>(r#"{"id":"","name":"X"}"#).unwrap_err();
        assert_eq!(err.to_string(), "company: required id `id` is missing, null or not a UUID");
    }

    #[test]
    fn tenant_id_empty_or_malformed_is_none() {
        for body in [r#"{"tenantId":""}"#, r#"{"tenantId":"n/a"}"#, r#"{"tenantId":null}"#, "{}", r#"{"tenantId":7}"#] {
            assert_eq!(serde_json::from_str::<MsTenant>(body).unwrap().tenant_id, None, "{body}");
        }
        let t: MsTenant = serde_json::from_str(r#"{"tenantId":"0d6a2b5c-7b0e-4a3e-9d1f-1a2b3c4d5e6f"}"#).unwrap();
        assert_eq!(t.tenant_id, Some(uuid::uuid!("0d6a2b5c-7b0e-4a3e-9d1f-1a2b3c4d5e6f")));
    }
}
