//! Subscriptions: the products a company has bought, with quantity, price and term.

use crate::models::ids::{CommitmentId, CompanyId, ProductId, Reference, SubscriptionId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::common::{BillingTerm, Timestamp, checked_model, datetime_opt, required_id, timestamp, unset_id, wire_enum};
use super::orders::ProvisioningAnswer;

wire_enum! {
    /// Status of a subscription.
    pub enum SubscriptionStatus {
        /// Provisioning is complete.
        Active => "Active",
        /// Deprovisioning is complete.
        Cancelled => "Cancelled",
        /// A manual provisioning task is not started or not finished.
        PendingManual => "PendingManual",
        /// An automated provisioning task is not started or not finished.
        PendingAutomated => "PendingAutomated",
        /// Deprovisioning is pending.
        PendingCancel => "PendingCancel",
        /// Provisioning details are missing.
        WaitingForDetails => "WaitingForDetails",
        /// A trial: free or discounted access for a limited time.
        Trial => "Trial",
        /// Converted from a trial.
        Converted => "Converted",
        /// Needs activation and is not activated yet (billing has not started).
        PendingActivation => "PendingActivation",
        /// Needs activation and is activated.
        Activated => "Activated",
    }
}

wire_enum! {
    /// Fields a subscription list can be sorted by.
    pub enum SubscriptionSort {
        /// By quantity.
        Quantity => "quantity",
        /// By start date.
        StartDate => "startDate",
        /// By end date.
        EndDate => "endDate",
        /// By creation date.
        CreatedDate => "createdDate",
        /// By the date billing starts.
        BillingStart => "billingStart",
        /// By price.
        Price => "price",
    }
}

/// The commitment of a subscription: `{id, term, endDate}`. Monthly subscriptions have none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct SubscriptionCommitment {
    /// Id of the commitment record.
    pub id: Option<CommitmentId>,
    /// Duration of the commitment, e.g. `3-Year`.
    pub term: Option<String>,
    /// When the commitment ends.
    #[serde(deserialize_with = "timestamp")]
    pub end_date: Option<Timestamp>,
}

checked_model! {
    /// A subscription as Pax8 returns it. Every field Pax8 may leave out is optional; a
    /// missing or malformed `id`, `companyId` or `productId` fails the decode.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct Subscription {
        /// Id (required).
        #[serde(default = "unset_id", deserialize_with = "required_id")]
        pub id: SubscriptionId,
        /// The subscription this one depends on, if any.
        pub parent_subscription_id: Option<Reference<SubscriptionId>>,
        /// The company that holds the subscription (required).
        #[serde(default = "unset_id", deserialize_with = "required_id")]
        pub company_id: CompanyId,
        /// The product subscribed to (required).
        #[serde(default = "unset_id", deserialize_with = "required_id")]
        pub product_id: ProductId,
        /// The vendor's id of this subscription.
        pub vendor_subscription_id: Option<String>,
        /// The vendor's id of the SKU of this subscription.
        pub vendor_sku_id: Option<String>,
        /// Number of units, exact (`5`, `5.0` and fractions are read as sent).
        #[serde(with = "crate::models::money::option")]
        pub quantity: Option<Decimal>,
        /// Start.
        #[serde(deserialize_with = "timestamp")]
        pub start_date: Option<Timestamp>,
        /// End, when one is set (e.g. a pending cancellation).
        #[serde(deserialize_with = "timestamp")]
        pub end_date: Option<Timestamp>,
        /// Creation.
        #[serde(deserialize_with = "timestamp")]
        pub created_date: Option<Timestamp>,
        /// Last update.
        #[serde(deserialize_with = "timestamp")]
        pub updated_date: Option<Timestamp>,
        /// The day billing starts.
        #[serde(deserialize_with = "timestamp")]
        pub billing_start: Option<Timestamp>,
        /// Status.
        pub status: Option<SubscriptionStatus>,
        /// Unit price for the customer, exact.
        #[serde(with = "crate::models::money::option")]
        pub price: Option<Decimal>,
        /// ISO 4217 currency code, e.g. `USD`.
        pub currency_code: Option<String>,
        /// Unit cost for the partner, exact.
        #[serde(with = "crate::models::money::option")]
        pub partner_cost: Option<Decimal>,
        /// Name of the product.
        pub product_name: Option<String>,
        /// Billing term.
        pub billing_term: Option<BillingTerm>,
        /// The commitment, if any. Read from `commitment` (what the live API sends) or
        /// `commitmentTerm` (what the spec documents); both may come, one of them `null`: the
        /// non-null one is kept (`commitment` when both are set). Absent or `null` is `None`.
        /// Written back under the key it came with.
        pub commitment: Option<SubscriptionCommitment>,
        /// The spec's name of `commitment`, merged into it after decoding when it is `None`
        /// (kept here when both came).
        #[serde(skip_serializing_if = "Option::is_none")]
        commitment_term: Option<SubscriptionCommitment>,
    }
    "subscription", ids: ["id" => id, "companyId" => company_id, "productId" => product_id], merge: [commitment <- commitment_term]
}

/// The body of a subscription update (PUT): only the fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubscriptionUpdate {
    #[serde(skip_serializing_if = "Option::is_none", with = "crate::models::money::option")]
    pub(crate) quantity: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", with = "datetime_opt")]
    pub(crate) start_date: Option<OffsetDateTime>,
    #[serde(skip_serializing_if = "Option::is_none", with = "datetime_opt")]
    pub(crate) end_date: Option<OffsetDateTime>,
    #[serde(skip_serializing_if = "Option::is_none", with = "crate::models::money::option")]
    pub(crate) price: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) currency_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", with = "crate::models::money::option")]
    pub(crate) partner_cost: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) billing_term: Option<BillingTerm>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) provisioning_details: Vec<ProvisioningAnswer>,
}

impl SubscriptionUpdate {
    /// Pax8 takes an update only with at least one of price, billing term, quantity and
    /// start date: names them when none is set.
    pub(crate) fn missing(&self) -> Option<String> {
        let none =
            self.price.is_none() && self.billing_term.is_none() && self.quantity.is_none() && self.start_date.is_none();
        none.then(|| "a subscription update needs at least one of price, billing_term, quantity, start_date".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::common::odd_dates;
    use time::macros::datetime;

    #[test]
    fn odd_dates_keep_their_time_their_date_or_their_text() {
        let wire = serde_json::json!({
            "id": "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "companyId": "3f1e2d4c-1111-4222-8333-944455566677",
            "productId": "c4d5e6f7-0819-4a2b-8c3d-4e5f60718293",
            "createdDate": odd_dates::DATETIME, "startDate": odd_dates::DATE, "updatedDate": odd_dates::TEXT,
        });
        let s: Subscription = serde_json::from_value(wire).unwrap();
        odd_dates::assert_kept(&s.created_date, &s.start_date, &s.updated_date);
    }

    #[test]
    fn update_sends_only_the_fields_set() {
        let body = SubscriptionUpdate { quantity: Some(3.into()), ..Default::default() };
        assert_eq!(serde_json::to_value(&body).unwrap(), serde_json::json!({"quantity": 3}));
        let body = SubscriptionUpdate {
            start_date: Some(datetime!(2000-10-31 1:30 -5)),
            billing_term: Some(BillingTerm::TwoYear),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"startDate": "2000-10-31T01:30:00.000-05:00", "billingTerm": "2-Year"})
        );
    }
    const IDS: &str = r#""id":"05c587df-9e7d-4ef9-8218-0262198e36c9","companyId":"fe7a2d5f-4a14-43ff-940e-a65cda66474a",
        "productId":"e91bba5e-a9a3-483f-b036-f80165d410e3""#;

    fn sub(extra: &str) -> Result<Subscription, serde_json::Error> {
        serde_json::from_str(&format!("{{{IDS}{extra}}}"))
    }

    #[test]
    fn commitment_and_commitment_term_together_keep_the_non_null_one() {
        let c = r#"{"id":"8bd8e7a0-51a0-4bd4-9c1f-5d7a5e6b2f8c","term":"3-Year","endDate":"2026-06-30"}"#;
        for extra in [
            format!(r#","commitment":null,"commitmentTerm":{c}"#),
            format!(r#","commitmentTerm":{c},"commitment":null"#),
            format!(r#","commitment":{c},"commitmentTerm":null"#),
            format!(r#","commitment":{c},"commitmentTerm":{{"term":"1-Year"}}"#),
        ] {
            let s = sub(&extra).unwrap();
            let got = s.commitment.as_ref().expect(&extra);
            assert_eq!(got.term.as_deref(), Some("3-Year"), "{extra}");
            assert_eq!(got.end_date, Some(Timestamp::Date(time::macros::date!(2026 - 06 - 30))));
            // Written back under the keys read.
            let back = serde_json::to_value(&s).unwrap();
            let term = |key: &str| back.get(key).map(|c| c["term"].as_str());
            let expected = match extra.find(r#""commitment":{"#) {
                None => (Some(None), Some(Some("3-Year"))),
                Some(_) if extra.contains("1-Year") => (Some(Some("3-Year")), Some(Some("1-Year"))),
                Some(_) => (Some(Some("3-Year")), None),
            };
            assert_eq!((term("commitment"), term("commitmentTerm")), expected, "{extra}");
        }
        assert!(sub(r#","commitment":null,"commitmentTerm":null"#).unwrap().commitment.is_none());
    }

    #[test]
    fn amounts_and_quantities_are_exact_and_nulls_are_absent() {
        let s = sub(r#","quantity":5.0,"price":15.39,"partnerCost":0.1,"currencyCode":null,"status":null"#).unwrap();
        assert_eq!(s.quantity, Some(Decimal::from(5)));
        assert_eq!((s.price.unwrap().to_string(), s.partner_cost.unwrap().to_string()), ("15.39".into(), "0.1".into()));
        assert!(s.currency_code.is_none() && s.status.is_none());
        assert_eq!(sub(r#","quantity":0.25"#).unwrap().quantity.unwrap().to_string(), "0.25");
        let back = serde_json::to_string(&s).unwrap();
        assert!(back.contains(r#""quantity":5.0,"#) && back.contains(r#""price":15.39,"#), "{back}");
        for missing in ["id", "companyId", "productId"] {
            let mut v: serde_json::Value = serde_json::from_str(&format!("{{{IDS}}}")).unwrap();
            v[missing] = serde_json::Value::Null;
            let err = serde_json::from_value::<Subscription>(v).unwrap_err().to_string();
            assert_eq!(err, format!("subscription: required id `{missing}` is missing, null or not a UUID"));
        }
    }

    #[test]
    fn update_can_carry_every_field_the_spec_allows() {
        let mut body = SubscriptionUpdate {
            end_date: Some(datetime!(2001-10-31 1:30 -5)),
            currency_code: Some("USD".into()),
            partner_cost: Some(Decimal::new(1139, 2)),
            ..Default::default()
        };
        ProvisioningAnswer::set(&mut body.provisioning_details, "userEmailAddress", ["a@example.com"]);
        assert!(body.missing().unwrap().contains("at least one of price"));
        body.price = Some(Decimal::new(1539, 2));
        assert_eq!(body.missing(), None);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({
                "endDate": "2001-10-31T01:30:00.000-05:00", "price": 15.39, "currencyCode": "USD",
                "partnerCost": 11.39, "provisioningDetails": [{"key": "userEmailAddress", "values": ["a@example.com"]}]
            })
        );
    }
}
