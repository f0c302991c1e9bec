//! kubeconfig as client-go's clientcmd handles it, for every CLI in kterm
//! that reads or writes one (kubectl, oc, `ibmcloud ks cluster config`):
//!
//! - [`model`]: the typed v1 `Config` (the shape of kube-rs's
//!   `Kubeconfig`), which serializes in the field order and with the
//!   omissions kubectl writes;
//! - [`files`]: which files are in play (`--kubeconfig`, `$KUBECONFIG`,
//!   `~/.kube/config`), their merge (the first file to define a name
//!   wins) and the write-back of changes to the file that defined each
//!   entry (`ModifyConfig`).
//!
//! YAML text is written by a renderer the caller passes, so each CLI keeps
//! its own YAML writer.

pub mod files;
pub mod model;

pub use files::{Loaded, Render, DEFAULT_PATH};
pub use model::{AuthInfo, AuthProvider, Cluster, Context, ExecConfig, Kubeconfig, Named};

/// Why a kubeconfig could not be read or written, in client-go's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
