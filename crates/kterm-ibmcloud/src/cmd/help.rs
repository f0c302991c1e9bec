//! The help of every `ibmcloud` command, in the CLI's NAME / USAGE /
//! OPTIONS layout: `ibmcloud help login`, `ibmcloud login --help`,
//! `ibmcloud ks help cluster config`, `ibmcloud ks cluster config -h`.
//! Kept together as a catalog so the words of one command's help can be
//! compared with its neighbours'; each entry lists the flags its command's
//! parser accepts (a test checks that every listed path has an entry).

/// (command path, help text). Aliases are entries of their own.
const CATALOG: &[(&str, &str)] = &[
    ("login", LOGIN),
    ("logout", LOGOUT),
    ("target", TARGET),
    ("regions", REGIONS),
    ("version", VERSION),
    ("plugin", PLUGIN),
    ("plugin list", PLUGIN),
    ("account", ACCOUNT),
    ("account list", ACCOUNT),
    ("account show", ACCOUNT),
    ("resource", RESOURCE_GROUPS),
    ("resource groups", RESOURCE_GROUPS),
    ("iam", IAM),
    ("iam oauth-tokens", IAM_OAUTH_TOKENS),
    ("iam api-key-create", IAM_API_KEY_CREATE),
    ("iam api-keys", IAM_API_KEYS),
    ("iam api-key-delete", IAM_API_KEY_DELETE),
    ("ks", super::ks::HELP),
    ("ks cluster ls", KS_CLUSTER_LS),
    ("ks clusters", KS_CLUSTER_LS),
    ("ks cluster get", KS_CLUSTER_GET),
    ("ks cluster-get", KS_CLUSTER_GET),
    ("ks cluster config", KS_CLUSTER_CONFIG),
    ("ks cluster-config", KS_CLUSTER_CONFIG),
    ("ks worker ls", KS_WORKER_LS),
    ("ks workers", KS_WORKER_LS),
    ("ks versions", KS_VERSIONS),
    ("ks zone ls", KS_ZONE_LS),
    ("ks zones", KS_ZONE_LS),
    ("ks locations", KS_ZONE_LS),
    ("ks init", KS_INIT),
    ("cr", super::cr::HELP),
    ("cr api", CR_API),
    ("cr info", CR_INFO),
    ("cr region", CR_REGION),
    ("cr region-set", CR_REGION_SET),
    ("cr login", CR_LOGIN),
    ("cr quota", CR_QUOTA),
    ("cr namespace-list", CR_NAMESPACE_LIST),
    ("cr namespaces", CR_NAMESPACE_LIST),
    ("cr namespace-add", CR_NAMESPACE_ADD),
    ("cr namespace-rm", CR_NAMESPACE_RM),
    ("cr image-list", CR_IMAGE_LIST),
    ("cr images", CR_IMAGE_LIST),
    ("cr token-add", CR_TOKEN_ADD),
    ("cr token-list", CR_TOKEN_LIST),
    ("cr tokens", CR_TOKEN_LIST),
    ("cr token-get", CR_TOKEN_GET),
    ("cr token-rm", CR_TOKEN_RM),
];

/// The help for the longest leading run of `words` that names a command
/// (`cs` is `ks`); `None` when not even the first word does.
pub fn lookup(words: &[String]) -> Option<&'static str> {
    let words: Vec<&str> = words
        .iter()
        .map(|w| if w == "cs" { "ks" } else { w.as_str() })
        .collect();
    (1..=words.len().min(3)).rev().find_map(|n| {
        let path = words[..n].join(" ");
        CATALOG
            .iter()
            .chain(super::help_more::CATALOG)
            .find(|(p, _)| *p == path)
            .map(|(_, h)| *h)
    })
}

/// True when the arguments ask for help (`--help` or `-h` before `--`).
pub fn asked(args: &[String]) -> bool {
    args.iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--help" || a == "-h")
}

/// The words naming the command: the arguments before the first flag.
pub fn command_words(args: &[String]) -> Vec<String> {
    args.iter()
        .take_while(|a| !a.starts_with('-'))
        .cloned()
        .collect()
}

const LOGIN: &str = "NAME:
  login - Log in user

USAGE:
  ibmcloud login [-a API_ENDPOINT] [--sso] [-u USERNAME] [-p PASSWORD] [--apikey KEY | @KEY_FILE] [-c ACCOUNT_ID | --no-account] [-g RESOURCE_GROUP] [-r REGION | --no-region]

EXAMPLE:
  ibmcloud login --apikey @key_file_name -r us-south -g Default
  ibmcloud login --sso
  ibmcloud login -u name@example.com

OPTIONS:
  -a value        API endpoint (e.g. https://cloud.ibm.com)
  --apikey value  API key or @API_KEY_FILE_PATH
  --sso           Log in with a one-time passcode
  -u value        Username
  -p value        Password
  -c value        Account ID
  --no-account    Log in without an account (not recommended)
  -g value        Target resource group
  -r value        Target region
  --no-region     Log in without targeting a region
  -q, --quiet     Suppress verbose output
";

const LOGOUT: &str = "NAME:
  logout - Log out user

USAGE:
  ibmcloud logout
";

const TARGET: &str = "NAME:
  target - Set or view the targeted region, account and resource group

USAGE:
  ibmcloud target [-r REGION_NAME | --unset-region] [-c ACCOUNT_ID] [-g RESOURCE_GROUP | --unset-resource-group]

OPTIONS:
  -c value                  Account ID
  -r value                  Region name
  --unset-region            Clear the targeted region
  -g value                  Resource group
  --unset-resource-group    Clear the targeted resource group
  -q, --quiet               Suppress verbose output
";

const REGIONS: &str = "NAME:
  regions - List all the regions

USAGE:
  ibmcloud regions
";

const VERSION: &str = "NAME:
  version - Print the version

USAGE:
  ibmcloud version
";

const PLUGIN: &str = "NAME:
  plugin - List and manage plug-ins

USAGE:
  ibmcloud plugin list
  ibmcloud plugin install | update | uninstall NAME

The container-service (ks) and container-registry (cr) plug-ins are built in.
";

const ACCOUNT: &str = "NAME:
  account - Manage accounts

USAGE:
  ibmcloud account list [--output FORMAT]
  ibmcloud account show

OPTIONS:
  --output value  Specify output format, only 'JSON' is supported.
";

const RESOURCE_GROUPS: &str = "NAME:
  groups - List resource groups

USAGE:
  ibmcloud resource groups [--default] [--output FORMAT]

OPTIONS:
  --default       Get the default group of the current account.
  --output value  Specify output format, only 'JSON' is supported.
";

const IAM: &str = "NAME:
  iam - Manage identities and access to resources

USAGE:
  ibmcloud iam command [arguments...] [command options]

COMMANDS:
  oauth-tokens     Retrieve and display the OAuth tokens for the current session
  api-key-create   Create a new platform API key
  api-keys         List the platform API keys
  api-key-delete   Delete a platform API key
";

const IAM_OAUTH_TOKENS: &str = "NAME:
  oauth-tokens - Retrieve and display the OAuth tokens for the current session

USAGE:
  ibmcloud iam oauth-tokens [--output json]

OPTIONS:
  --output value  Prints the command output in the provided format. Accepted values: json
";

const IAM_API_KEY_CREATE: &str = "NAME:
  api-key-create - Create a new platform API key

USAGE:
  ibmcloud iam api-key-create NAME [-d DESCRIPTION] [--file FILE] [--lock]

OPTIONS:
  -d value      Description of the API key
  --file value  Save the API key information to the specified file
  --lock        Lock the API key when it is created
";

const IAM_API_KEYS: &str = "NAME:
  api-keys - List the platform API keys

USAGE:
  ibmcloud iam api-keys [--output FORMAT]

OPTIONS:
  --output value  Specify output format, only 'JSON' is supported.
";

const IAM_API_KEY_DELETE: &str = "NAME:
  api-key-delete - Delete a platform API key

USAGE:
  ibmcloud iam api-key-delete (NAME|ID) [-f, --force]

OPTIONS:
  -f, --force  Force deletion without confirmation
";

const KS_CLUSTER_LS: &str = "NAME:
  ls - List all clusters in your IBM Cloud account.

USAGE:
  ibmcloud ks cluster ls [--location LOCATION] [--provider PROVIDER] [--output json] [-q]

OPTIONS:
  --location value  Filter output by a specific location (metro or zone).
  --provider value  Filter output by infrastructure provider: classic, vpc-gen2.
  --output value    Prints the command output in the provided format. Accepted values: json
  -q                Do not show the message of the day or update reminders.
";

const KS_CLUSTER_GET: &str = "NAME:
  get - View the details of a cluster.

USAGE:
  ibmcloud ks cluster get --cluster CLUSTER [--show-resources] [--output json] [-q]

OPTIONS:
  -c value, --cluster value  Specify the cluster name or ID.
  --show-resources           Show more cluster resources such as add-ons, VLANs, subnets, and storage.
  --output value             Prints the command output in the provided format. Accepted values: json
  -q                         Do not show the message of the day or update reminders.
";

const KS_CLUSTER_CONFIG: &str = "NAME:
  config - Download the Kubernetes configuration files and certificates to connect to your cluster by using kubectl commands.

USAGE:
  ibmcloud ks cluster config --cluster CLUSTER [--admin] [--endpoint ENDPOINT_TYPE] [--export] [--network] [--output FORMAT] [--skip-rbac] [-q]

OPTIONS:
  -c value, --cluster value  Specify the cluster name or ID.
  --admin                    Download the TLS certificates and permission files for the Super User role.
  --endpoint value           The type of endpoint to use to connect to the cluster: private, link, vpe.
  --export                   Print the command to set the KUBECONFIG environment variable instead of merging.
  --network                  Download the Calico network configuration file.
  --output value             Prints the command output in the provided format and skips kubeconfig merges. Accepted values: json, yaml, zip
  --skip-rbac                Skip adding user Kubernetes RBAC roles based on the IBM Cloud IAM service access roles.
  -q                         Do not show the message of the day or update reminders.
";

const KS_WORKER_LS: &str = "NAME:
  ls - List all worker nodes in a cluster.

USAGE:
  ibmcloud ks worker ls --cluster CLUSTER [--worker-pool POOL] [--show-deleted] [--output json] [-q]

OPTIONS:
  -c value, --cluster value  Specify the cluster name or ID.
  --worker-pool value        Only show worker nodes that belong to this worker pool.
  --show-deleted             Show worker nodes that were deleted.
  --output value             Prints the command output in the provided format. Accepted values: json
  -q                         Do not show the message of the day or update reminders.
";

const KS_VERSIONS: &str = "NAME:
  versions - List all the container platform versions that are available for IBM Cloud Kubernetes Service clusters.

USAGE:
  ibmcloud ks versions [--show-version PLATFORM] [--output json]

OPTIONS:
  --show-version value  Show only the versions of this platform: kubernetes, openshift.
  --output value        Prints the command output in the provided format. Accepted values: json
";

const KS_ZONE_LS: &str = "NAME:
  ls - List availability zones that you can create a cluster in.

USAGE:
  ibmcloud ks zone ls [--provider PROVIDER] [--location LOCATION] [--output json]

OPTIONS:
  --provider value  The infrastructure provider: classic, vpc-gen2. Default: classic.
  --location value  Filter output by a specific location.
  --output value    Prints the command output in the provided format. Accepted values: json
";

const KS_INIT: &str = "NAME:
  init - Initialize the Kubernetes Service plug-in and specify the API endpoint.

USAGE:
  ibmcloud ks init [--host HOST] [--insecure]

OPTIONS:
  --host value  The IBM Cloud Kubernetes Service API endpoint to use.
  --insecure    Allow an insecure HTTP connection.
";

const CR_API: &str = "NAME:
  api - Returns the details about the registry API endpoint for the commands.

USAGE:
  ibmcloud cr api
";

const CR_INFO: &str = "NAME:
  info - Displays the name and the account of the registry that you are logged in to.

USAGE:
  ibmcloud cr info
";

const CR_REGION: &str = "NAME:
  region - Displays the targeted region and the registry.

USAGE:
  ibmcloud cr region
";

const CR_REGION_SET: &str = "NAME:
  region-set - Sets a target region for the IBM Cloud Container Registry commands.

USAGE:
  ibmcloud cr region-set [REGION]
";

const CR_LOGIN: &str = "NAME:
  login - Logs your local client into IBM Cloud Container Registry.

USAGE:
  ibmcloud cr login [--client CLIENT]

OPTIONS:
  --client value  The client to log in: docker (the default). A browser has no Podman.
";

const CR_QUOTA: &str = "NAME:
  quota - Displays your current quotas for traffic and storage, and usage information against those quotas.

USAGE:
  ibmcloud cr quota
";

const CR_NAMESPACE_LIST: &str = "NAME:
  namespace-list - Displays all namespaces that are owned by your IBM Cloud account.

USAGE:
  ibmcloud cr namespace-list [-v]

OPTIONS:
  -v, --verbose  Lists the resource group and creation date of each namespace.
";

const CR_NAMESPACE_ADD: &str = "NAME:
  namespace-add - Choose a name for your namespace and add it to your IBM Cloud account.

USAGE:
  ibmcloud cr namespace-add [-g RESOURCE_GROUP] NAMESPACE

OPTIONS:
  -g value  The resource group to add the namespace to.
";

const CR_NAMESPACE_RM: &str = "NAME:
  namespace-rm - Removes a namespace from your IBM Cloud account.

USAGE:
  ibmcloud cr namespace-rm NAMESPACE [-f]

OPTIONS:
  -f, --force  Force the command to run with no user prompts.
";

const CR_IMAGE_LIST: &str = "NAME:
  image-list - Displays all images in your IBM Cloud account.

USAGE:
  ibmcloud cr image-list [--no-trunc] [-q] [--restrict RESTRICTION] [--include-ibm] [--format FORMAT]

OPTIONS:
  --no-trunc          Displays the full image digest.
  -q, --quiet         Displays each image in the format repository:tag.
  --restrict value    Limits the output to the images in the specified namespace or repository.
  --include-ibm       Includes IBM-provided public images in the output.
  --format value      Formats the output elements by using a Go template.
";

const CR_TOKEN_ADD: &str = "NAME:
  token-add - Adds a token that you can use to control access to a registry.

USAGE:
  ibmcloud cr token-add [--description DESCRIPTION] [-q] [--non-expiring] [--readwrite]

OPTIONS:
  --description value  Specifies the value as a description that is attached to the token.
  -q, --quiet          Displays the token only, without any surrounding text.
  --non-expiring       Creates a token that does not expire.
  --readwrite          Creates a token that grants read and write access.
";

const CR_TOKEN_LIST: &str = "NAME:
  token-list - Displays all the tokens that exist for your IBM Cloud account.

USAGE:
  ibmcloud cr token-list
";

const CR_TOKEN_GET: &str = "NAME:
  token-get - Retrieves the specified token from the registry.

USAGE:
  ibmcloud cr token-get TOKEN
";

const CR_TOKEN_RM: &str = "NAME:
  token-rm - Removes one or more specified tokens.

USAGE:
  ibmcloud cr token-rm TOKEN... [-f]

OPTIONS:
  -f, --force  Force the command to run with no user prompts.
";

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn longest_path_wins() {
        let cases = [
            ("login", Some(LOGIN)),
            ("ks cluster config mycluster", Some(KS_CLUSTER_CONFIG)),
            ("cs cluster-config mycluster", Some(KS_CLUSTER_CONFIG)),
            ("ks cluster nosuch", Some(super::super::ks::HELP)),
            ("cr token-add", Some(CR_TOKEN_ADD)),
            ("iam api-keys", Some(IAM_API_KEYS)),
            ("nosuch", None),
        ];
        for (line, want) in cases {
            assert_eq!(lookup(&words(line)), want, "{line}");
        }
    }

    #[test]
    fn help_is_asked_before_the_double_dash_only() {
        assert!(asked(&words("ks cluster get -h")));
        assert!(asked(&words("login --help")));
        assert!(!asked(&words("login -- --help")));
        assert_eq!(
            command_words(&words("ks cluster config --cluster x --help")),
            words("ks cluster config")
        );
    }

    #[test]
    fn every_entry_names_its_usage() {
        for (path, text) in CATALOG.iter().chain(super::super::help_more::CATALOG) {
            assert!(text.starts_with("NAME:\n"), "{path}");
            let last = path.split(' ').next_back().unwrap_or_default();
            assert!(
                text.contains(last) || text.contains("ibmcloud ks") || text.contains("ibmcloud cr"),
                "{path}"
            );
        }
    }
}
