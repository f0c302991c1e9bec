//! The regions the CLI offers, in its picker's order.

pub const REGIONS: &[(&str, &str)] = &[
    ("au-syd", "Sydney"),
    ("in-che", "Chennai"),
    ("jp-osa", "Osaka"),
    ("jp-tok", "Tokyo"),
    ("eu-de", "Frankfurt"),
    ("eu-es", "Madrid"),
    ("eu-gb", "London"),
    ("ca-tor", "Toronto"),
    ("us-south", "Dallas"),
    ("us-east", "Washington DC"),
    ("br-sao", "Sao Paulo"),
];

pub fn is_region(r: &str) -> bool {
    REGIONS.iter().any(|(id, _)| *id == r)
}
