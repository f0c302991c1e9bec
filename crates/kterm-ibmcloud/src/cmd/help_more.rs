//! Help of the commands the older docs use (`ks region`, `ks region-set`,
//! `ks regions`), of plug-in management and of `config`, in the layout of
//! `help.rs`'s catalog, which looks here after its own entries.

pub const CATALOG: &[(&str, &str)] = &[
    ("ks region", KS_REGION),
    ("ks region-set", KS_REGION_SET),
    ("ks regions", KS_REGIONS),
    ("plugin install", PLUGIN_INSTALL),
    ("plugin uninstall", PLUGIN_UNINSTALL),
    ("config", CONFIG),
];

const KS_REGION: &str = "NAME:
  region - Find the Kubernetes Service region that you are currently in.

USAGE:
  ibmcloud ks region
";

const KS_REGION_SET: &str = "NAME:
  region-set - Set the region for the Kubernetes Service. If no region is given, you are asked to choose one.

USAGE:
  ibmcloud ks region-set [--region REGION]

OPTIONS:
  --region value, -r value  The region to target (a name from 'ibmcloud ks regions', or its alias).
";

const KS_REGIONS: &str = "NAME:
  regions - List the Kubernetes Service regions and the IBM Cloud region each stands for.

USAGE:
  ibmcloud ks regions [--output json]

OPTIONS:
  --output value  Prints the command output in the provided format. Accepted values: json
";

const PLUGIN_INSTALL: &str = "NAME:
  install - Install a plug-in (here: container-service or container-registry, after an uninstall).

USAGE:
  ibmcloud plugin install PLUGIN_NAME
";

const PLUGIN_UNINSTALL: &str = "NAME:
  uninstall - Uninstall a plug-in for this session; its commands are then not registered.

USAGE:
  ibmcloud plugin uninstall PLUGIN_NAME
";

const CONFIG: &str = "NAME:
  config - Write default values to the config.

USAGE:
  ibmcloud config --color true|false

OPTIONS:
  --color value  Colour the output on a terminal (true) or never (false).
";
