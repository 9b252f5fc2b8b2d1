//! `client.products()`: the catalogue, with provisioning questions, dependencies and pricing.

use std::time::Duration;

use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::http::{Family, Method};
use crate::models::{Dependencies, Pricing, Product, ProductDetail, ProductSort, ProvisioningDetail};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call};

impl Client {
    /// The Pax8 product catalogue.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let page = client.products().list().vendor_name("Microsoft").page_size(50).send()?;
    /// for product in &page.items {
    ///     println!("{} {}", product.id, product.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn products(&self) -> Products {
        Products { client: self.clone() }
    }
}

/// Handle for `/products`. Get it with [`Client::products`].
#[derive(Debug, Clone)]
pub struct Products {
    client: Client,
}

impl Products {
    fn call<T>(&self, path: String, decode: request::Decoder<T>) -> Call<T> {
        Call::new(&self.client, Method::Get, Family::Partner, path, decode)
    }

    /// `GET /products`: a searchable, sorted list.
    pub fn list(&self) -> ListProducts {
        ListProducts { list: ListSpec::new(&self.client, Family::Partner, "/products") }
    }

    /// `GET /products/{id}`: one product with its long description.
    pub fn get(&self, id: Uuid) -> Call<ProductDetail> {
        self.call(format!("/products/{id}"), request::json)
    }

    /// `GET /products/{id}/provision-details`: the questions to answer when ordering the
    /// product (see [`NewLineItem::provisioning_detail`](crate::models::NewLineItem::provisioning_detail)).
    /// Not paged.
    pub fn provision_details(&self, id: Uuid) -> Call<Vec<ProvisioningDetail>> {
        self.call(format!("/products/{id}/provision-details"), request::content)
    }

    /// `GET /products/{id}/dependencies`: commitment terms to choose from and products
    /// required with this one.
    pub fn dependencies(&self, id: Uuid) -> Call<Dependencies> {
        self.call(format!("/products/{id}/dependencies"), request::json)
    }

    /// `GET /products/{id}/pricing`: partner cost and suggested retail price, one entry per
    /// billing term. Not paged.
    pub fn pricing(&self, id: Uuid) -> GetPricing {
        GetPricing { call: self.call(format!("/products/{id}/pricing"), request::content) }
    }
}

/// Builder for `GET /products`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListProducts {
    list: ListSpec,
}

impl ListProducts {
    filters! {
        /// Only products matching this text in name, vendor, SKU or id (`search`).
        search("search"): str,
        /// Only products of this vendor (`vendorName`), e.g. `Microsoft`.
        vendor_name("vendorName"): str,
    }
}
paged!(ListProducts, Product, sort: ProductSort);

/// Builder for `GET /products/{id}/pricing`.
#[derive(Debug)]
#[must_use = "nothing is sent until .send()"]
pub struct GetPricing {
    call: Call<Vec<Pricing>>,
}

impl GetPricing {
    /// The prices for this company (company-specific pricing) instead of the defaults
    /// (`companyId`).
    pub fn company_id(mut self, id: Uuid) -> Self {
        self.call = self.call.param("companyId", Some(id));
        self
    }

    /// Overrides the client's overall timeout for this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.call = self.call.timeout(timeout);
        self
    }

    /// Fetches the prices.
    pub fn send(self) -> Result<Vec<Pricing>> {
        self.call.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::tests::{client, list_wire};

    #[test]
    fn list_and_product_calls() {
        let id = Uuid::nil();
        let list = client()
            .products()
            .list()
            .search("Microsoft 365")
            .vendor_name("Microsoft")
            .sort(ProductSort::Name, crate::SortDirection::Asc);
        assert_eq!(
            list_wire(&list.list),
            "/products?search=Microsoft%20365&vendorName=Microsoft&sort=name,asc&page=0&size=200"
        );
        let p = client().products();
        assert_eq!(p.get(id).request().path_and_query(), format!("/products/{id}"));
        assert_eq!(p.provision_details(id).request().path_and_query(), format!("/products/{id}/provision-details"));
        assert_eq!(p.dependencies(id).request().path_and_query(), format!("/products/{id}/dependencies"));
        assert_eq!(
            p.pricing(id).company_id(id).call.request().path_and_query(),
            format!("/products/{id}/pricing?companyId={id}")
        );
    }
}
