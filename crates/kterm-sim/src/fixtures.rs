//! The seeded world, documented in the README. Both the IBM Cloud services
//! and the Kubernetes API read these, so ids agree everywhere.

pub const ACCOUNT_ID: &str = "b3c8a1d2e4f5061728394a5b6c7d8e9f";
pub const ACCOUNT_NAME: &str = "Demo Account";
pub const ACCOUNT_IMS: &str = "2468013";
/// A second account of the demo user (no clusters), so that password and
/// passcode logins meet the account picker.
pub const TEAM_ACCOUNT_ID: &str = "4f6e2d1c0b9a48372615a4b3c2d1e0f9";
pub const TEAM_ACCOUNT_NAME: &str = "Team Account";
pub const USER_EMAIL: &str = "demo@example.com";
pub const USER_IAM_ID: &str = "IBMid-6900001ABC";
pub const USER_PASSWORD: &str = "demo-password";
/// Full access.
pub const API_KEY: &str = "demo-apikey";
/// Reads everything; Kubernetes writes are forbidden.
pub const VIEW_API_KEY: &str = "demo-viewer-apikey";

pub struct AccountFixture {
    pub id: &'static str,
    pub name: &'static str,
    /// The linked classic infrastructure (IMS) account; empty when none.
    pub ims: &'static str,
}

/// The demo user's accounts, the default one first.
pub const ACCOUNTS: &[AccountFixture] = &[
    AccountFixture {
        id: ACCOUNT_ID,
        name: ACCOUNT_NAME,
        ims: ACCOUNT_IMS,
    },
    AccountFixture {
        id: TEAM_ACCOUNT_ID,
        name: TEAM_ACCOUNT_NAME,
        ims: "",
    },
];

pub struct ResourceGroupFixture {
    pub account: &'static str,
    pub id: &'static str,
    pub name: &'static str,
    pub default: bool,
}

pub const RESOURCE_GROUPS: &[ResourceGroupFixture] = &[
    ResourceGroupFixture {
        account: ACCOUNT_ID,
        id: "5e1f2a3b4c5d46e7f8091a2b3c4d5e6f",
        name: "Default",
        default: true,
    },
    ResourceGroupFixture {
        account: ACCOUNT_ID,
        id: "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b",
        name: "dev",
        default: false,
    },
    ResourceGroupFixture {
        account: TEAM_ACCOUNT_ID,
        id: "0d1e2f3a4b5c46d7e8f90a1b2c3d4e5f",
        name: "Default",
        default: true,
    },
];

pub struct ClusterFixture {
    pub id: &'static str,
    pub name: &'static str,
    pub region: &'static str,
    /// `classic` or `vpc-gen2`.
    pub provider: &'static str,
    pub zones: &'static [&'static str],
    /// Data center used in file names (`kube-config-dal10-mycluster.yml`).
    pub datacenter: &'static str,
    pub workers: u32,
    /// IKS version string (`1.36.3_1521`); the API server reports `v1.33.4+IKS`.
    pub version: &'static str,
    pub resource_group: &'static str,
    /// The API server's public service endpoint as IBM Cloud names it
    /// (`host:port`); the terminal's endpoint map routes it to the sandbox.
    pub public_endpoint: &'static str,
}

pub const CLUSTERS: &[ClusterFixture] = &[
    ClusterFixture {
        id: "cnvgf7md0b9ab3c5mcl0",
        name: "mycluster",
        region: "us-south",
        provider: "classic",
        zones: &["dal10"],
        datacenter: "dal10",
        workers: 3,
        version: "1.36.3_1521",
        resource_group: "Default",
        public_endpoint: "c7.us-south.containers.cloud.ibm.com:27078",
    },
    ClusterFixture {
        id: "cq2aj5ld0nqrvs6e7vp0",
        name: "dev-vpc",
        region: "eu-de",
        provider: "vpc-gen2",
        zones: &["eu-de-1", "eu-de-2"],
        datacenter: "eu-de-1",
        workers: 2,
        version: "1.35.7_1545",
        resource_group: "dev",
        public_endpoint: "c2.eu-de.containers.cloud.ibm.com:31466",
    },
];

/// The demo user's Cloud Foundry org (the 2017 docs' `api.ng.bluemix.net`,
/// i.e. us-south) and its one space.
pub const CF_REGION: &str = "ng";
pub const CF_ORG_GUID: &str = "8c9e2a61-4b7d-4f0e-9d35-2f1a6c0b7e41";
pub const CF_ORG_NAME: &str = USER_EMAIL;
pub const CF_SPACE_GUID: &str = "3d52f0b8-91ac-4e6b-a7d4-5c8e19f20a6d";
pub const CF_SPACE_NAME: &str = "dev";
