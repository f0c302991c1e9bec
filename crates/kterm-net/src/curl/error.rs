//! curl's failures and their text, rendered in one place.

/// A command line curl refuses before sending anything (exit 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UsageError {
    Unknown(String),
    NeedsValue(String),
    BadNumber(String),
    NoUrl,
    /// Nothing at all on the line.
    Empty,
}

/// A failed transfer: curl's exit code and its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn unsupported(scheme: &str) -> Self {
        Self::new(
            1,
            format!("Protocol \"{scheme}\" not supported or disabled in libcurl"),
        )
    }

    pub fn url(why: &str) -> Self {
        Self::new(3, format!("URL rejected: {why}"))
    }

    pub fn resolve(host: &str) -> Self {
        Self::new(6, format!("Could not resolve host: {host}"))
    }

    pub fn connect(host: &str, port: u16, ms: i64) -> Self {
        Self::new(
            7,
            format!(
                "Failed to connect to {host} port {port} after {ms} ms: Couldn't connect to server"
            ),
        )
    }

    pub fn http(status: u16) -> Self {
        Self::new(22, format!("The requested URL returned error: {status}"))
    }

    pub fn write() -> Self {
        Self::new(23, "Failure writing output to destination")
    }

    pub fn timeout(ms: i64, got: usize) -> Self {
        Self::new(
            28,
            format!("Operation timed out after {ms} milliseconds with {got} bytes received"),
        )
    }

    pub fn recv(why: &str) -> Self {
        Self::new(
            56,
            format!("Failure when receiving data from the peer: {why}"),
        )
    }

    /// `curl: (N) message`.
    pub fn render(&self) -> String {
        format!("curl: ({}) {}\n", self.code, self.message)
    }
}

const TRY: &str = "curl: try 'curl --help' or 'curl --manual' for more information\n";

impl UsageError {
    pub fn render(&self) -> String {
        let first = match self {
            UsageError::Unknown(o) => format!("curl: option {o}: is unknown\n"),
            UsageError::NeedsValue(o) => format!("curl: option {o}: requires parameter\n"),
            UsageError::BadNumber(o) => {
                format!("curl: option {o}: expected a proper numerical parameter\n")
            }
            UsageError::NoUrl => "curl: no URL specified!\n".to_string(),
            UsageError::Empty => String::new(),
        };
        format!("{first}{TRY}")
    }
}
